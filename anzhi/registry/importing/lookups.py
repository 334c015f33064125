"""Names and codes in a spreadsheet → regions, sectors, industries and agencies.

Everything the importer looks up is loaded once per import (the user's jurisdiction, the
reference tables, the agencies the user can see), so 100,000 rows cost no per-row queries.
"""

from __future__ import annotations

import re
import unicodedata

from anzhi.accounts.models import Agency, User
from anzhi.accounts.scoping import jurisdiction_prefix
from anzhi.accounts.selectors import visible_agencies
from anzhi.regions.models import Region, code_range

from ..models import Industry, Sector


class Unresolved(ValueError):
    """A name could not be resolved. ``message`` is Chinese, without the field label."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def norm(s: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(s or "")).split())


_COMMITTEES = (("村民委员会", "村"), ("村委会", "村"), ("社区居民委员会", "社区"),
               ("社区居委会", "社区"), ("居民委员会", "社区"), ("居委会", "社区"))
_REGION_BARE = re.compile(r"(村|社区|乡|镇|街道|街道办事处|办事处)$")


def region_key(name: str) -> str:
    """"湖上村委会", "湖上村村民委员会" → "湖上村"."""
    n = norm(name)
    for suffix, kind in _COMMITTEES:
        if n.endswith(suffix) and len(n) > len(suffix):
            base = n[: -len(suffix)]
            return base if base.endswith(kind) else base + kind
    return n


def _bare(name: str) -> str:
    n = region_key(name)
    bare = _REGION_BARE.sub("", n)
    return bare if len(bare) >= 2 else n


class Regions:
    """Regions at county level or below inside the user's jurisdiction, by code and name."""

    def __init__(self, user: User):
        self.user = user
        self.prefix = None if user.is_superuser else jurisdiction_prefix(user)
        self.by_code: dict[str, Region] = {}
        self._by_name: dict[str, list[Region]] = {}
        self._by_bare: dict[str, list[Region]] = {}
        self._outside: dict[str, Region | None] = {}
        self._lazy = user.is_superuser
        self._cache: dict[tuple[str, str], Region | Unresolved] = {}
        if not self._lazy and self.prefix is not None:
            lo, hi = code_range(self.prefix)
            qs = Region.objects.filter(code__gte=lo, code__lt=hi,
                                       level__gte=Region.Level.COUNTY)
            for region in qs.only("code", "name", "level", "prefix", "full_name", "parent_id"):
                self._add(region)

    def _add(self, region: Region) -> None:
        self.by_code[region.code] = region
        for key in {region_key(region.name), norm(region.full_name)} - {""}:
            self._by_name.setdefault(key, []).append(region)
        self._by_bare.setdefault(_bare(region.name), []).append(region)

    def inside(self, code: str) -> bool:
        if self.user.is_superuser:
            return True
        return bool(self.prefix) and code.startswith(self.prefix)

    def _fetch_code(self, code: str) -> Region | None:
        if code not in self._outside:
            self._outside[code] = Region.objects.filter(pk=code).first()
            if self._outside[code] is not None and self.inside(code):
                self._add(self._outside[code])
        return self._outside[code]

    def _fetch_name(self, key: str) -> None:
        if key in self._outside:
            return
        self._outside[key] = None
        for region in Region.objects.filter(name=key, level__gte=Region.Level.COUNTY):
            if region.code not in self.by_code:
                self._add(region)

    def by_code_or_none(self, code: str) -> Region | None:
        return self.by_code.get(code) or self._fetch_code(code)

    def resolve(self, value: str, *, within: Region | None = None) -> Region:
        """A region from a code or a name ("湖上村", "湖上村委会", "湖上乡湖上村").

        Raises Unresolved when unknown, ambiguous or outside the jurisdiction."""
        key = (norm(value), within.code if within else "")
        if key not in self._cache:
            try:
                self._cache[key] = self._resolve(key[0], within)
            except Unresolved as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, Unresolved):
            raise found
        return found

    def _resolve(self, value: str, within: Region | None) -> Region:
        if re.fullmatch(r"\d{6}(\d{3})?(\d{3})?", value):
            region = self.by_code_or_none(value)
            if region is None:
                raise Unresolved(f"区划代码 {value} 不存在")
            if not self.inside(region.code):
                raise Unresolved(f"{region.name}（{region.code}）超出您的辖区")
            return region
        key = region_key(value)
        if self._lazy:
            self._fetch_name(key)
        found = self._pick(self._by_name.get(key, []), within)
        if not found:
            found = self._composite(key, within)
        if not found:
            found = self._pick(self._by_bare.get(_bare(key), []), within)
        if not found:
            where = f"“{within.name}”下" if within else "您的辖区内"
            raise Unresolved(f"{where}没有名为“{value}”的村或乡镇（也可填写区划代码）")
        if len(found) > 1:
            options = "、".join(f"{r.full_name or r.name}（{r.code}）" for r in found[:4])
            raise Unresolved(f"“{value}”对应多个区划：{options}，请填写区划代码")
        return found[0]

    @staticmethod
    def _pick(candidates: list[Region], within: Region | None) -> list[Region]:
        if within is not None:
            candidates = [r for r in candidates if r.code.startswith(within.prefix)]
        return list({r.code: r for r in candidates}.values())

    def _composite(self, key: str, within: Region | None) -> list[Region]:
        """"湖上乡湖上村": a township name followed by a village name."""
        for name, towns in self._by_name.items():
            if len(name) < len(key) and key.startswith(name):
                for town in self._pick(towns, within):
                    rest = key[len(name):]
                    found = self._pick(self._by_name.get(region_key(rest), []), town)
                    if found:
                        return found
        return []


_SECTOR_SYNONYMS = {
    "危化": "危险化学品", "危化品": "危险化学品", "危险品": "危险化学品", "民用爆炸物品": "民爆",
    "民爆物品": "民爆", "建筑": "建筑施工", "建筑业": "建筑施工", "道路运输": "交通运输",
    "交通": "交通运输", "燃气经营": "燃气", "自建房": "经营性自建房", "养老": "养老服务",
    "养老机构": "养老服务", "医疗": "医疗卫生", "卫生": "医疗卫生", "学校": "校园",
    "教育": "校园", "旅游": "文化旅游", "文旅": "文化旅游", "渔船": "渔业船舶",
    "农机": "农业机械", "特设": "特种设备", "非煤": "非煤矿山", "矿山": "非煤矿山",
    "烟花": "烟花爆竹", "消防重点单位": "消防", "人员密集场所": "消防",
}


class Sectors:
    def __init__(self):
        self.by_code: dict[str, Sector] = {s.code: s for s in Sector.objects.all()}
        self._by_name = {norm(s.name): s for s in self.by_code.values()}

    def code_for(self, value: str) -> str:
        """The sector code for a name or code; unknown values come back unchanged so that
        ``clean_enterprise`` names them ("未知的行业领域：…")."""
        n = norm(value)
        if n in self.by_code:
            return n
        for candidate in (n, re.sub(r"(行业|领域|企业|类)$", "", n)):
            if candidate in self._by_name:
                return self._by_name[candidate].code
            target = _SECTOR_SYNONYMS.get(candidate)
            if target and norm(target) in self._by_name:
                return self._by_name[norm(target)].code
        hits = [s for name, s in self._by_name.items()
                if len(n) >= 2 and (n in name or name in n)]
        if len(hits) == 1:
            return hits[0].code
        return value


_INDUSTRY_CODE = re.compile(r"^([A-Ta-t])?\s*(\d{2})?(\d{1,2})?(?![\d])")


class Industries:
    def __init__(self):
        self.by_code: dict[str, Industry] = {i.code: i for i in Industry.objects.all()}
        self._by_name = {norm(i.name): i for i in self.by_code.values()}

    def code_for(self, value: object) -> str:
        """"C" → C; "13", "C13", "C1310", "13 农副食品加工业" → 13; "农副食品加工业" → 13.

        Raises Unresolved for a name that is not in GB/T 4754-2017; an unknown code is
        returned for ``clean_enterprise`` to reject."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int):
            value = f"{value:02d}"
        n = norm(value)
        m = _INDUSTRY_CODE.match(n)
        if m and (m[1] or m[2]):
            if m[2]:
                return m[2]
            rest = n[1:]
            if not rest or not re.match(r"[A-Za-z]", rest):
                return m[1].upper()
        name = re.sub(r"^[A-Za-z]?\d*\s*", "", n)
        for part in [name, *re.split(r"[-—/>|｜]+", name)[::-1]]:
            if part in self._by_name:
                return self._by_name[part].code
        raise Unresolved(f"未找到“{value}”（请填写 GB/T 4754-2017 门类字母、两位大类代码或名称）")


class Agencies:
    """Agencies the importing user can see, by full or short name."""

    def __init__(self, user: User):
        self._by_name: dict[str, list[Agency]] = {}
        self._by_pk: dict[int, Agency] = {}
        for agency in visible_agencies(user).select_related(None):
            self._by_pk[agency.pk] = agency
            for key in {norm(agency.name), norm(agency.short_name)} - {""}:
                self._by_name.setdefault(key, []).append(agency)

    def by_pk(self, ids: set[int]) -> dict[int, Agency]:
        """Agencies by id, including ones the user cannot pick (already supervising)."""
        missing = [pk for pk in ids if pk not in self._by_pk]
        if missing:
            self._by_pk.update(Agency.objects.in_bulk(missing))
        return self._by_pk

    def resolve(self, value: str) -> Agency:
        found = {a.pk: a for a in self._by_name.get(norm(value), [])}
        if not found:
            raise Unresolved(f"没有名为“{value}”的监管机构（或不在您的辖区内）")
        if len(found) > 1:
            raise Unresolved(f"“{value}”对应多个机构，请填写机构全称")
        return next(iter(found.values()))


class Lookups:
    def __init__(self, user: User):
        self.regions = Regions(user)
        self.sectors = Sectors()
        self.industries = Industries()
        self.agencies = Agencies(user)
