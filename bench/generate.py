"""Fast generation of N enterprises (PostgreSQL COPY), valid and plausible.

Townships are added under every county of one province so scoping and region filters
behave as in a real provincial deployment.
"""

import random
import time
from datetime import date

from django.db import connection, transaction

from anzhi.accounts.models import Agency, Certificate, Role, User
from anzhi.law import uscc
from anzhi.regions.models import Region
from anzhi.registry.models import Enterprise, Sector

BRANDS = (
    "鑫源", "华盛", "永安", "恒泰", "金峰", "宏达", "兴隆", "福顺", "泰和", "瑞丰",
    "安达", "昌盛", "富源", "德润", "祥和", "隆鑫", "顺发", "三友", "天成", "新宇",
    "凤山", "茗香", "铁峰", "清溪", "龙凤", "荣昌", "嘉禾", "万隆", "鸿运", "广源",
)
TRADES = [  # (trade, form, sector codes, industry division, flags)
    ("茶厂", "有限公司", ["industry_trade"], "13", {}),
    ("茶叶专业合作社", "", ["industry_trade"], "01", {}),
    ("石材加工厂", "", ["industry_trade"], "30", {"dust_explosion": False}),
    ("加油站", "有限公司", ["hazchem"], "52", {"hazchem_trade": True}),
    ("建筑工程", "有限公司", ["construction"], "47", {}),
    ("竹木制品厂", "", ["industry_trade"], "20", {"dust_explosion": True}),
    ("液化气供应站", "有限公司", ["gas"], "45", {"hazchem_storage": True}),
    ("冷冻食品", "有限公司", ["industry_trade", "ammonia_refrigeration"], "13",
     {"ammonia_refrigeration": True}),
    ("家具厂", "", ["industry_trade"], "21",
     {"dust_explosion": True, "labour_intensive": True}),
    ("汽车修理厂", "", ["industry_trade"], "81", {}),
    ("超市", "有限公司", ["commerce"], "52", {"crowded_place": True}),
    ("宾馆", "有限公司", ["fire"], "61", {"crowded_place": True}),
    ("烟花爆竹零售点", "", ["fireworks"], "52", {}),
    ("彩印厂", "有限公司", ["industry_trade"], "23", {"confined_space": True}),
    ("客运", "有限公司", ["transport"], "54", {"passenger_hazmat_transport": True}),
]
GRADES = "A" * 2 + "B" * 10 + "C" * 58 + "D" * 30
COLUMNS = ("name", "uscc", "address", "region_id", "industry_id", "employee_count",
           "above_scale", "labour_intensive", "crowded_place", "has_major_hazard_source",
           "major_hazard_level", "passenger_hazmat_transport", "ammonia_refrigeration",
           "dust_explosion", "confined_space", "hazchem_production", "hazchem_storage",
           "hazchem_trade", "hazchem_use", "risk_grade", "status", "lead_agency_id",
           "created_at", "updated_at", "sector_codes")
FLAG_COLUMNS = COLUMNS[7:19]


def make_uscc(region: str, serial: int) -> str:
    org = f"{serial:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(org, weights, strict=True)) % 11
    first17 = "91" + region[:6] + org + {10: "X", 11: "0"}.get(check, str(check))
    return first17 + uscc.check_char(first17)


def ensure_townships(province_prefix: str = "35", per_county: int = 12) -> list[Region]:
    counties = list(Region.objects.filter(level=Region.Level.COUNTY,
                                          code__startswith=province_prefix))
    rows = []
    for county in counties:
        for i in range(per_county):
            code = f"{county.code}{100 + i:03d}"
            rows.append(Region(code=code, name=f"{county.name}第{i + 1}乡镇",
                               level=Region.Level.TOWNSHIP, parent=county, prefix=code,
                               full_name=f"{county.full_name}第{i + 1}乡镇"))
    Region.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Region.objects.filter(level=Region.Level.TOWNSHIP,
                                      code__startswith=province_prefix).order_by("code"))


def ensure_agencies(townships: list[Region]) -> dict[str, Agency]:
    existing = {a.region_id: a for a in Agency.objects.filter(
        region__in=townships, kind=Agency.Kind.EMERGENCY)}
    new = [Agency(name=f"{t.name}应急办", short_name=f"{t.name[:4]}应急", region=t,
                  kind=Agency.Kind.EMERGENCY, has_enforcement_power=True)
           for t in townships if t.code not in existing]
    Agency.objects.bulk_create(new)
    return {a.region_id: a for a in Agency.objects.filter(
        region__in=townships, kind=Agency.Kind.EMERGENCY)}


def ensure_users(province: Region, township: Region, agency: Agency) -> tuple[User, User]:
    office, _ = Agency.objects.get_or_create(
        name="省安委办（基准测试）", region=province,
        defaults={"kind": Agency.Kind.COMMITTEE_OFFICE})
    admin, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"role": Role.COMMITTEE_ADMIN, "agency": office})
    officer, created = User.objects.get_or_create(
        username="bench_officer", defaults={"role": Role.OFFICER, "agency": agency})
    for user in (admin, officer):
        user.set_password("bench-pass")
        user.save()
    if created:
        Certificate.objects.create(holder=officer, number="BENCH-0001",
                                   issuing_authority="福建省人民政府",
                                   valid_until=date(2030, 12, 31))
    return admin, officer


def load_enterprises(n: int, townships: list[Region], agencies: dict[str, Agency],
                     seed: int = 2026) -> float:
    """COPY ``n`` enterprises (with sectors, lead supervision and a principal)."""
    rng = random.Random(seed)
    start_serial = Enterprise.objects.count()
    sectors = {s.code for s in Sector.objects.all()}
    now = time.strftime("%Y-%m-%d %H:%M:%S+08")
    started = time.perf_counter()
    with transaction.atomic():
        pg = connection.cursor().connection
        with pg.cursor() as cur:
            with cur.copy(f"COPY registry_enterprise ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for i in range(n):
                    serial = start_serial + i + 1
                    town = townships[serial % len(townships)]
                    trade, form, _, division, flags = TRADES[serial % len(TRADES)]
                    brand = BRANDS[rng.randrange(len(BRANDS))]
                    name = f"{town.name[-4:]}{brand}{trade}{form}{serial}"
                    values = dict.fromkeys(FLAG_COLUMNS, False)
                    values.update(flags)
                    values.update({
                        "name": name, "uscc": make_uscc(town.code, serial),
                        "address": f"{town.name}{serial % 300}号", "region_id": town.code,
                        "industry_id": division, "employee_count": rng.randrange(3, 400),
                        "above_scale": rng.random() < 0.1, "major_hazard_level": "",
                        "risk_grade": GRADES[rng.randrange(100)], "status": "operating",
                        "lead_agency_id": agencies[town.code].pk,
                        "created_at": now, "updated_at": now,
                        "sector_codes": "",  # set below, with the many-to-many rows
                    })
                    row = [values[c] for c in COLUMNS]
                    copy.write_row(row)
        with connection.cursor() as cur:
            cur.execute("""
                INSERT INTO registry_supervision (enterprise_id, agency_id, is_lead)
                SELECT id, lead_agency_id, true FROM registry_enterprise e
                WHERE NOT EXISTS (SELECT 1 FROM registry_supervision s
                                  WHERE s.enterprise_id = e.id)""")
            sector_case = " ".join(
                f"WHEN {i} THEN '{codes[0]}'" for i, (_, _, codes, _, _) in enumerate(TRADES)
                if codes[0] in sectors)
            cur.execute(f"""
                INSERT INTO registry_enterprise_sectors (enterprise_id, sector_id)
                SELECT id, CASE (id % {len(TRADES)}) {sector_case} END
                FROM registry_enterprise e
                WHERE CASE (id % {len(TRADES)}) {sector_case} END IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM registry_enterprise_sectors s
                                  WHERE s.enterprise_id = e.id)""")
            # The denormalised codes the sector filter reads (one sector each here), written
            # as registry.search.sync_sector_codes would, without a second pass over the rows.
            cur.execute(f"""
                UPDATE registry_enterprise SET sector_codes = CASE (id % {len(TRADES)})
                                                              {sector_case} END
                WHERE sector_codes = ''
                  AND CASE (id % {len(TRADES)}) {sector_case} END IS NOT NULL""")
            cur.execute("ANALYZE")
    return time.perf_counter() - started

