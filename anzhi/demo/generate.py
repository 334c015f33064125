"""Composing believable enterprises for the demo township — pure Python, no database.

Enterprise ``i`` is drawn from its own seeded generator (``Random(f"{seed}:{i}")``), so the
first 200 enterprises are the same whether 200 or 2,000 are generated, and every run
produces the same data. Names are unique within a run; USCCs are unique by construction
(the organisation-code body is a bijection of ``i``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from anzhi.law import idcard, uscc

from .data import vocabulary as V

DEFAULT_SEED = "anzhi-demo"
USCC_CHARSET = uscc.CHARSET
HIGH_RISK_SECTORS = {"non_coal_mine", "hazchem", "fireworks", "civil_explosives", "metallurgy",
                     "nonferrous", "construction", "transport", "gas"}
FLAG_SECTORS = {"dust_explosion": "dust_explosion",
                "ammonia_refrigeration": "ammonia_refrigeration",
                "hazchem_trade": "hazchem", "hazchem_storage": "hazchem",
                "hazchem_production": "hazchem", "passenger_hazmat_transport": "transport"}
TRADES = {t.key: t for t in V.TRADES}


@dataclass
class PersonSpec:
    role: str  # registry.choices.PersonRole value
    name: str
    id_number: str
    phone: str


@dataclass
class LicenceSpec:
    kind: str
    number: str
    issued_by: str
    valid_until: date | None


@dataclass
class EnterpriseSpec:
    index: int
    trade: str
    name: str
    uscc: str
    region: str  # region code (village or township)
    address: str
    latitude: Decimal
    longitude: Decimal
    industry: str
    sectors: list[str]
    employee_count: int
    above_scale: bool
    flags: dict[str, bool]
    major_hazard_level: str
    risk_grade: str
    status: str
    status_order: tuple[str, date, str] | None  # (order number, date, reason)
    lead: str  # agency key
    assisting: list[str]
    people: list[PersonSpec] = field(default_factory=list)
    licences: list[LicenceSpec] = field(default_factory=list)


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


# ------------------------------------------------------------------ codes

def org_body(index: int, modern: bool) -> str:
    """An 8-character organisation-code body, unique per ``index`` within each style."""
    if modern:  # codes issued since 2015 start with MA
        n = (index * 559_233_337 + 3_141_592) % 31 ** 6
        chars = []
        for _ in range(6):
            n, r = divmod(n, 31)
            chars.append(USCC_CHARSET[r])
        return "MA" + "".join(reversed(chars))
    return f"{(index * 61_803_399 + 24_501_137) % 10 ** 8:08d}"


def make_uscc(entity: str, region: str, index: int, modern: bool) -> str:
    body = org_body(index, modern)
    first17 = entity + region + body + uscc.org_code_check_char(body)
    return first17 + uscc.check_char(first17)


def make_id_number(rng: random.Random, male: bool, today: date) -> str:
    region = _weighted(rng, V.ID_REGIONS)
    born = date(1958, 1, 1) + timedelta(days=rng.randint(0, 40 * 365))
    born = min(born, today - timedelta(days=22 * 365))
    seq = rng.randint(0, 499) * 2 + (1 if male else 0)
    seq = max(seq, 1 if male else 2)
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    number = first17 + idcard.check_char(first17)
    assert idcard.is_valid(number, today)
    return number


def make_mobile(rng: random.Random) -> str:
    return rng.choice(V.MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"


def make_name(rng: random.Random, male: bool) -> str:
    surname = _weighted(rng, V.SURNAMES)
    chars = V.MALE_CHARS if male else V.FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.85 else "")
    return surname + given


def make_person(rng: random.Random, role: str, today: date) -> PersonSpec:
    male = rng.random() < 0.72
    return PersonSpec(role, make_name(rng, male), make_id_number(rng, male, today),
                      make_mobile(rng))


# ------------------------------------------------------------------ places

def _village(rng: random.Random):
    """A village (weighted towards the township seat) or None for the township itself."""
    if rng.random() < 0.1:
        return None
    weights = [3 if v[0] in ("001", "201") else 1 for v in V.VILLAGES]
    return rng.choices(V.VILLAGES, weights=weights)[0]


def _address(rng: random.Random, village) -> str:
    number = rng.randint(1, 260)
    if village is None:
        return f"{V.COUNTY}{V.TOWN}{rng.choice(V.STREETS)}{number}号"
    hamlet = rng.choice(V.HAMLETS) if rng.random() < 0.7 else ""
    return f"{V.COUNTY}{V.TOWN}{village[1]}{hamlet}{number}号"


def _compose_name(rng: random.Random, variant: V.Variant, village, used: set[str]) -> str:
    vname = village[1] if village else V.TOWN_SHORT + "村"
    vshort = vname.removesuffix("村").removesuffix("社区")
    for attempt in range(400):
        if attempt < 40:
            brand = rng.choice(V.BRANDS)
        else:  # the plain words ran out: combine two brand words' characters
            brand = rng.choice(V.BRANDS)[0] + rng.choice(V.BRANDS)[1]
        name = variant.template.format(
            county=V.COUNTY, town=V.TOWN, town_short=V.TOWN_SHORT, village=vname,
            village_short=vshort if attempt == 0 else vshort + brand, brand=brand,
            word=rng.choice(variant.words))
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("演示企业名称组合已用尽")  # pragma: no cover


# ------------------------------------------------------------------ enterprises

def _licence(rng: random.Random, key: str, index: int, today: date) -> LicenceSpec:
    kind, template, issued_by, years = V.LICENCES[key]
    if years is None:
        issued = today - timedelta(days=rng.randint(60, 3000))
        valid_until = None
    elif rng.random() < 0.06:  # an expired licence the officers should notice
        issued = today - timedelta(days=years * 365 + rng.randint(5, 200))
        valid_until = issued + timedelta(days=years * 365)
    else:
        issued = today - timedelta(days=rng.randint(30, years * 365 - 30))
        valid_until = issued + timedelta(days=years * 365)
    number = template.format(n=index * 7 + rng.randint(1, 6), year=issued.year)
    return LicenceSpec(kind, number, issued_by, valid_until)


STATUS_ORDERS = {
    "suspended": ("湖应急责停〔{year}〕{n}号", "责令暂时停产停业整顿：存在重大事故隐患"),
    "closed": ("安政关〔{year}〕{n}号", "不具备安全生产条件，依法予以关闭"),
    "deregistered": ("安市监注〔{year}〕{n}号", "企业申请注销登记"),
}


def generate_enterprise(index: int, used_names: set[str], *, seed: str = DEFAULT_SEED,
                        today: date | None = None) -> EnterpriseSpec:
    today = today or date.today()
    rng = random.Random(f"{seed}:{index}")
    if index == 0:
        trade = TRADES[V.SHOWCASE_TRADE]
        variant = trade.variants[0]
    else:
        trade = _weighted(rng, [(t, t.weight) for t in V.TRADES])
        variant = _weighted(rng, [(v, v.weight) for v in trade.variants])
    village = _village(rng)
    if index == 0:
        village = V.VILLAGES[1]
    name = _compose_name(rng, variant, village, used_names)
    region = V.TOWN_CODE + village[0] if village else V.TOWN_CODE
    lat0, lon0 = (village[3], village[4]) if village else (V.TOWN_LAT, V.TOWN_LON)
    q = Decimal("0.000001")
    latitude = Decimal(str(lat0 + rng.gauss(0, 0.004))).quantize(q)
    longitude = Decimal(str(lon0 + rng.gauss(0, 0.004))).quantize(q)

    lo, hi = trade.employees
    employees = lo + int((hi - lo) * rng.random() ** 2)
    above_scale = rng.random() < trade.above_scale
    if above_scale:
        employees = max(employees, rng.randint(60, 160))
    flags = {flag: rng.random() < p for flag, p in trade.flags.items()}
    has_major = rng.random() < trade.major_hazard
    if has_major:
        flags["has_major_hazard_source"] = True
    sectors = list(trade.sectors)
    sectors += [s for s, p in trade.extra_sectors.items() if rng.random() < p]
    sectors += [s for f, s in FLAG_SECTORS.items() if flags.get(f)]
    sectors = list(dict.fromkeys(sectors))
    if flags.get("ammonia_refrigeration"):
        flags["hazchem_use"] = True  # liquid ammonia is a listed hazardous chemical

    grades = "ABCD"
    risk = rng.choices(grades, weights=trade.risk)[0]
    if has_major and risk in "CD":
        risk = "B"

    roll = rng.random()
    status = ("suspended" if roll < 0.015 else "closed" if roll < 0.022 else
              "deregistered" if roll < 0.025 else "operating")
    if index == 0:
        status = "operating"
    status_order = None
    if status != "operating":
        template, reason = STATUS_ORDERS[status]
        order_date = today - timedelta(days=rng.randint(10, 400))
        status_order = (template.format(year=order_date.year, n=rng.randint(1, 60)),
                        order_date, reason)

    entity = variant.entity
    modern = rng.random() < 0.75
    spec = EnterpriseSpec(
        index=index, trade=trade.key, name=name,
        uscc=make_uscc(entity, V.COUNTY_CODE, index, modern), region=region,
        address=_address(rng, village), latitude=latitude, longitude=longitude,
        industry=trade.industry, sectors=sectors, employee_count=employees,
        above_scale=above_scale, flags=flags,
        major_hazard_level=rng.choice(["3", "4", "4"]) if has_major else "",
        risk_grade=risk, status=status, status_order=status_order, lead=trade.lead,
        assisting=[a for a in trade.assisting if a != trade.lead])

    high_risk = bool(HIGH_RISK_SECTORS.intersection(sectors))
    if entity != "92":
        legal = make_person(rng, "legal_rep", today)
        spec.people.append(legal)
        if rng.random() < 0.7:
            spec.people.append(PersonSpec("principal", legal.name, legal.id_number, legal.phone))
        else:
            spec.people.append(make_person(rng, "principal", today))
    else:  # 个体工商户: the operator is the principal
        spec.people.append(make_person(rng, "principal", today))
    if employees >= 10 or high_risk or rng.random() < 0.2:
        spec.people.append(make_person(rng, "safety_manager", today))

    for key, p in trade.licences.items():
        if rng.random() < p:
            spec.licences.append(_licence(rng, key, index, today))
    return spec


def generate(count: int, *, seed: str = DEFAULT_SEED,
             today: date | None = None) -> list[EnterpriseSpec]:
    used: set[str] = set()
    return [generate_enterprise(i, used, seed=seed, today=today) for i in range(count)]
