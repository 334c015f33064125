"""Loading the demo township into the database, fast and idempotently.

``load_demo`` writes with ``bulk_create`` instead of the per-row services (2,000 enterprises
through ``enterprise_create`` would take minutes), but writes exactly the rows the services
would: an enterprise, its sectors, current people, licences, one lead supervision and the
assisting ones, ``lead_agency`` in step with them, a ``StatusChange`` for every unit not in
operation, and the audit events (``enterprise.create`` with the same snapshot the service
records, ``enterprise.status``). Everything it creates already present is left alone, so a
second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from anzhi.accounts.models import Agency, Certificate, Role, User
from anzhi.core import audit
from anzhi.core.models import AuditEvent
from anzhi.regions.loading import ensure_chain, load_regions
from anzhi.regions.models import Region
from anzhi.registry.choices import EnterpriseStatus
from anzhi.registry.models import (
    Enterprise,
    EnterprisePerson,
    Industry,
    Licence,
    Sector,
    StatusChange,
    Supervision,
)
from anzhi.registry.search import sync_sector_codes
from anzhi.registry.services import AUDITED_FIELDS

from .data import vocabulary as V
from .generate import DEFAULT_SEED, EnterpriseSpec, generate

DEMO_PASSWORD = "anzhi-demo"
DEFAULT_COUNT = 2000
BATCH = 500


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    agency: str | None = None  # agency key
    region: str | None = None  # "town", "county" or a village's last three digits
    superuser: bool = False
    certificate: tuple[str, int] | None = None  # (number, days until it expires; < 0: expired)
    note: str = ""


USERS = [
    DemoUser("admin", "陈建华", Role.COMMITTEE_ADMIN, "town_office", superuser=True,
             note="超级管理员，湖上乡安委办管理员"),
    DemoUser("officer1", "林志明", Role.OFFICER, "town_emergency",
             certificate=("闽AJ35052400123", 730), note="湖上乡应急办执法人员"),
    DemoUser("officer2", "黄丽娟", Role.OFFICER, "town_emergency",
             certificate=("闽AJ35052400124", 700), note="湖上乡应急办执法人员"),
    DemoUser("officer3", "苏文辉", Role.OFFICER, "town_emergency",
             certificate=("闽AJ35052400131", 420), note="湖上乡应急办执法人员"),
    DemoUser("officer4", "詹国荣", Role.OFFICER, "town_emergency",
             certificate=("闽AJ35052400087", -45), note="执法证已过期，不能签署执法文书"),
    DemoUser("zhifa1", "谢清水", Role.OFFICER, "town_enforcement",
             certificate=("闽AJ35052400056", 560), note="湖上乡综合行政执法队执法人员"),
    DemoUser("zhifa2", "郑国栋", Role.OFFICER, "town_enforcement",
             certificate=("闽AJ35052400058", 610), note="湖上乡综合行政执法队执法人员"),
    DemoUser("county1", "吴志强", Role.OFFICER, "county_emergency",
             certificate=("闽AJ35052400012", 820), note="安溪县应急管理局执法人员（全县）"),
    DemoUser("head1", "王德兴", Role.AGENCY_HEAD, "town_emergency",
             certificate=("闽AJ35052400101", 900), note="湖上乡应急办主任"),
    DemoUser("xieguan1", "李秀芳", Role.VILLAGE_ASSISTANT, region="202",
             note="盛富村安全协管员"),
    DemoUser("enterprise1", "陈美玲", Role.ENTERPRISE, note="企业用户（绑定一家茶业公司）"),
    DemoUser("jiwei", "刘振华", Role.DISCIPLINE, region="town", note="湖上乡纪委，只读"),
    DemoUser("leader", "王建国", Role.LEADER, region="town", note="分管领导，只读"),
]
CERTIFICATE_AUTHORITY = "福建省人民政府"


@dataclass
class DemoResult:
    regions: int = 0
    agencies: int = 0
    users: int = 0
    enterprises: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.regions or self.agencies or self.users or self.enterprises)

    def __str__(self) -> str:
        if not self.changed:
            return f"演示数据已存在，未作改动（企业{self.skipped}家）"
        return (f"演示数据：新增区划{self.regions}个、机构{self.agencies}个、账号{self.users}个、"
                f"企业{self.enterprises}家（已有{self.skipped}家）")


# ------------------------------------------------------------------ regions and agencies

def _ensure_regions(full: bool, result: DemoResult) -> dict[str, Region]:
    if full:
        result.regions += load_regions().created
        county = Region.objects.get(pk=V.COUNTY_CODE)
    else:
        county = ensure_chain(V.COUNTY_CODE)
    wanted = [(V.TOWN_CODE, V.TOWN, Region.Level.TOWNSHIP, county, "")]
    town_full = county.full_name + V.TOWN
    wanted += [(V.TOWN_CODE + suffix, name, Region.Level.VILLAGE, None, ur)
               for suffix, name, ur, _lat, _lon in V.VILLAGES]
    existing = {r.code: r for r in Region.objects.filter(code__in=[w[0] for w in wanted])}
    created = []
    for code, name, level, parent, ur in wanted:
        if code in existing:
            continue
        region = Region(code=code, name=name, level=level, parent_id=(
            parent.code if parent else V.TOWN_CODE), prefix=code,
            full_name=(county.full_name if parent else town_full) + name, urban_rural_code=ur)
        created.append(region)
    Region.objects.bulk_create(created)
    for region in created:
        audit.record(actor=None, action="region.create", obj=region,
                     changes={"code": [None, region.code], "name": [None, region.name]},
                     reason="载入演示数据")
    result.regions += len(created)
    regions = {r.code: r for r in Region.objects.filter(code__in=[w[0] for w in wanted])}
    regions["county"] = county
    regions["town"] = regions[V.TOWN_CODE]
    return regions


def _ensure_agencies(regions: dict[str, Region], result: DemoResult) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for key, name, short, kind, level, power, parent in V.AGENCIES:
        region = regions["county" if level == "county" else "town"]
        agency = Agency.objects.filter(region=region, name=name).first()
        if agency is None:
            agency = Agency.objects.create(
                name=name, short_name=short, kind=kind, region=region,
                parent=agencies.get(parent) if parent else None, has_enforcement_power=power)
            audit.record(actor=None, action="agency.create", obj=agency,
                         changes={"name": [None, name], "region": [None, region.code]},
                         reason="载入演示数据")
            result.agencies += 1
        agencies[key] = agency
    return agencies


# ------------------------------------------------------------------ users

def _ensure_users(regions, agencies, showcase: Enterprise | None,
                  result: DemoResult) -> dict[str, User]:
    existing = {u.username: u for u in User.objects.filter(
        username__in=[d.username for d in USERS])}
    password = None
    today = date.today()
    users = {}
    for spec in USERS:
        user = existing.get(spec.username)
        if user is None:
            password = password or make_password(DEMO_PASSWORD)  # hashing is slow: once
            region = None
            if spec.region == "town":
                region = regions["town"]
            elif spec.region:
                region = regions[V.TOWN_CODE + spec.region]
            user = User.objects.create(
                username=spec.username, password=password, full_name=spec.full_name,
                role=spec.role, agency=agencies.get(spec.agency) if spec.agency else None,
                region=region, enterprise=showcase if spec.role == Role.ENTERPRISE else None,
                is_superuser=spec.superuser, is_staff=spec.superuser, is_demo=True,
                phone=f"1395952{1000 + len(users):04d}")
            result.users += 1
        if spec.certificate:
            number, days = spec.certificate
            if not Certificate.objects.filter(number=number).exists():
                Certificate.objects.create(
                    holder=user, number=number, issuing_authority=CERTIFICATE_AUTHORITY,
                    valid_from=today + timedelta(days=days) - timedelta(days=5 * 365),
                    valid_until=today + timedelta(days=days))
        users[spec.username] = user
    return users


# ------------------------------------------------------------------ enterprises

def _snapshot(e: Enterprise, sectors: list[str], assisting: list[Agency],
              people: list[EnterprisePerson]) -> dict:
    """What ``registry.services._snapshot`` records, computed without queries."""
    snap = audit.snapshot(e, AUDITED_FIELDS)
    snap["sectors"] = sorted(sectors)
    snap["assisting_agencies"] = sorted(str(a) for a in assisting)
    snap["people"] = sorted(f"{p.get_role_display()} {p.name} {p.phone}".strip()
                            for p in people if p.is_current)
    return snap


def _existing_usccs(codes: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(codes), BATCH):
        found.update(Enterprise.objects.filter(uscc__in=codes[i:i + BATCH])
                     .values_list("uscc", flat=True))
    return found


def _insert_enterprises(specs: list[EnterpriseSpec], regions, agencies, admin: User) -> None:
    industries = {i.code: i for i in Industry.objects.all()}
    known_sectors = set(Sector.objects.values_list("code", flat=True))
    enterprises = []
    for s in specs:
        e = Enterprise(
            name=s.name, uscc=s.uscc, address=s.address, region=regions[s.region],
            latitude=s.latitude, longitude=s.longitude, industry=industries.get(s.industry),
            employee_count=s.employee_count, above_scale=s.above_scale,
            major_hazard_level=s.major_hazard_level, risk_grade=s.risk_grade,
            status=EnterpriseStatus.OPERATING, lead_agency=agencies[s.lead], **s.flags)
        enterprises.append(e)
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)

    through = Enterprise.sectors.through
    sector_rows, people, licences, supervisions, events, changes = [], [], [], [], [], []
    for s, e in zip(specs, enterprises, strict=True):
        sectors = [c for c in s.sectors if c in known_sectors]
        sector_rows += [through(enterprise_id=e.pk, sector_id=c) for c in sectors]
        persons = [EnterprisePerson(enterprise=e, role=p.role, name=p.name,
                                    id_number=p.id_number, phone=p.phone) for p in s.people]
        people += persons
        licences += [Licence(enterprise=e, kind=lic.kind, number=lic.number,
                             issued_by=lic.issued_by, valid_until=lic.valid_until)
                     for lic in s.licences]
        assisting = [agencies[a] for a in s.assisting]
        supervisions.append(Supervision(enterprise=e, agency=agencies[s.lead], is_lead=True))
        supervisions += [Supervision(enterprise=e, agency=a, is_lead=False) for a in assisting]
        events.append(AuditEvent(
            actor=admin, action="enterprise.create", object_type=e._meta.label_lower,
            object_id=str(e.pk), object_repr=str(e)[:200],
            changes=audit.diff({}, _snapshot(e, sectors, assisting, persons)),
            reason="载入演示数据"))
        if s.status_order:
            number, order_date, reason = s.status_order
            changes.append(StatusChange(
                enterprise=e, from_status=EnterpriseStatus.OPERATING, to_status=s.status,
                order_number=number, order_date=order_date, reason=reason, actor=admin))
            events.append(AuditEvent(
                actor=admin, action="enterprise.status", object_type=e._meta.label_lower,
                object_id=str(e.pk), object_repr=str(e)[:200],
                changes={"status": [EnterpriseStatus.OPERATING, s.status],
                         "order_number": [None, number]}, reason=reason))
            e.status = s.status
    through.objects.bulk_create(sector_rows, batch_size=BATCH)
    sync_sector_codes([e.pk for e in enterprises])  # bulk rows bypass the m2m signal
    EnterprisePerson.objects.bulk_create(people, batch_size=BATCH)
    Licence.objects.bulk_create(licences, batch_size=BATCH)
    Supervision.objects.bulk_create(supervisions, batch_size=BATCH)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    moved = [e for e in enterprises if e.status != EnterpriseStatus.OPERATING]
    Enterprise.objects.bulk_update(moved, ["status"], batch_size=BATCH)


@transaction.atomic
def load_demo(*, enterprises: int = DEFAULT_COUNT, seed: str = DEFAULT_SEED,
              all_regions: bool = True) -> DemoResult:
    """Load the demo township, its agencies, accounts and ``enterprises`` enterprises.

    ``all_regions`` loads the whole country's province/prefecture/county tree first (fast);
    without it only 福建省 › 泉州市 › 安溪县 are ensured (for tests).
    """
    result = DemoResult()
    regions = _ensure_regions(all_regions, result)
    agencies = _ensure_agencies(regions, result)
    admin = User.objects.filter(username="admin").first()
    specs = generate(enterprises, seed=seed)
    present = _existing_usccs([s.uscc for s in specs])
    todo = [s for s in specs if s.uscc not in present]
    result.skipped = len(specs) - len(todo)
    showcase_uscc = specs[0].uscc if specs else None
    if todo:
        if admin is None:  # the enterprises' audit events need their author first
            users = _ensure_users(regions, agencies, None, result)
            admin = users["admin"]
        _insert_enterprises(todo, regions, agencies, admin)
        result.enterprises = len(todo)
    showcase = Enterprise.objects.filter(uscc=showcase_uscc).first() if showcase_uscc else None
    _ensure_users(regions, agencies, showcase, result)
    if showcase is not None:
        User.objects.filter(username="enterprise1", is_demo=True, enterprise__isnull=True).update(
            enterprise=showcase)
    return result


# ------------------------------------------------------------------ logins

def demo_logins() -> list[dict]:
    """The demo accounts present, in a fixed order, for printing after ``load_demo``."""
    users = {u.username: u for u in User.objects.filter(
        username__in=[d.username for d in USERS], is_demo=True).select_related(
        "agency", "region", "enterprise").prefetch_related("certificates")}
    rows = []
    today = date.today()
    for spec in USERS:
        user = users.get(spec.username)
        if user is None:
            continue
        where = (str(user.agency) if user.agency else user.region.name if user.region else
                 user.enterprise.name if user.enterprise else "")
        cert = next(iter(user.certificates.all()), None)
        rows.append({
            "username": user.username, "password": DEMO_PASSWORD,
            "role": user.get_role_display() + ("（超级用户）" if user.is_superuser else ""),
            "name": user.full_name, "where": where,
            "certificate": (f"{cert.number} 至 {cert.valid_until:%Y-%m-%d}"
                            f"{'' if cert.is_valid_on(today) else '（已过期）'}") if cert else "",
            "note": spec.note,
        })
    return rows


def format_logins(rows: list[dict]) -> str:
    if not rows:
        return "没有演示账号（先运行 anzhi load_demo）"
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    width = max(len(r["username"]) for r in rows)
    for r in rows:
        extra = "，".join(x for x in (r["where"], r["certificate"]) if x)
        lines.append(f"  {r['username']:<{width}}  {r['role']} {r['name']}"
                     + (f"（{extra}）" if extra else ""))
    return "\n".join(lines)

