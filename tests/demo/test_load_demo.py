"""The demo township: valid, believable, idempotent and fast."""

import re
import time
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from anzhi.accounts.models import Agency, Certificate, Role, User
from anzhi.core.models import AuditEvent
from anzhi.demo.data import vocabulary as V
from anzhi.demo.generate import generate
from anzhi.demo.loading import DEMO_PASSWORD, USERS, demo_logins, load_demo
from anzhi.law import idcard, uscc
from anzhi.regions.models import Region
from anzhi.registry.models import (
    Enterprise,
    EnterprisePerson,
    Licence,
    StatusChange,
    Supervision,
)
from anzhi.registry.validation import PHONE_RE, clean_enterprise

COUNT = 200


@pytest.fixture
def demo(db):
    return load_demo(enterprises=COUNT, all_regions=False)


def table_counts():
    return {m.__name__: m.objects.count() for m in (
        Region, Agency, User, Certificate, Enterprise, EnterprisePerson, Licence, Supervision,
        StatusChange, AuditEvent, Enterprise.sectors.through)}


def test_second_run_changes_nothing(demo):
    assert demo.enterprises == COUNT
    before = table_counts()
    started = time.monotonic()
    again = load_demo(enterprises=COUNT, all_regions=False)
    assert time.monotonic() - started < 5
    assert not again.changed
    assert again.skipped == COUNT
    assert table_counts() == before


def test_more_enterprises_extend_the_same_ones(db):
    load_demo(enterprises=50, all_regions=False)
    first = set(Enterprise.objects.values_list("uscc", "name"))
    result = load_demo(enterprises=80, all_regions=False)
    assert result.enterprises == 30
    assert first < set(Enterprise.objects.values_list("uscc", "name"))


def test_township_villages_and_agencies(demo):
    town = Region.objects.get(pk="350524113")
    assert (town.name, town.parent_id, town.full_name) == ("湖上乡", "350524",
                                                           "福建省泉州市安溪县湖上乡")
    assert town.parent.parent_id == "350500" and town.parent.parent.parent_id == "350000"
    villages = Region.objects.filter(parent=town)
    assert villages.count() == 12
    assert all(len(v.code) == 12 and v.code.startswith("350524113") for v in villages)
    emergency = Agency.objects.get(name="湖上乡应急管理办公室")
    assert emergency.has_enforcement_power and emergency.region_id == "350524113"
    assert Agency.objects.get(name="湖上乡安委办").kind == Agency.Kind.COMMITTEE_OFFICE
    assert Agency.objects.get(name="安溪县安委办").region_id == "350524"
    for name in ("湖上乡综合行政执法队", "湖上派出所", "湖上乡村镇建设服务中心"):
        assert Agency.objects.filter(name=name, region=town).exists()


def test_usccs_are_valid_unique_and_registered_in_the_county(demo):
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert len(codes) == len(set(codes)) == COUNT
    for code in codes:
        assert uscc.is_valid(code), code
        assert uscc.org_code_valid(code), code
        assert uscc.region(code) == "350524"
        assert code[:2] in {"91", "92", "93", "52"}


def test_people_have_valid_id_numbers_and_phones(demo):
    people = list(EnterprisePerson.objects.all())
    assert len(people) >= COUNT
    for p in people:
        assert idcard.is_valid(p.id_number), p.id_number
        assert PHONE_RE.match(p.phone), p.phone
        assert 2 <= len(p.name) <= 3
    assert not Enterprise.objects.exclude(people__role="principal").exists()


def test_enterprises_pass_the_registry_validation(demo):
    """The bulk loader writes what the service would have accepted."""
    for e in Enterprise.objects.prefetch_related("sectors", "people"):
        data = {f: getattr(e, f) for f in (
            "name", "uscc", "address", "latitude", "longitude", "employee_count", "risk_grade",
            "major_hazard_level", "above_scale", "labour_intensive", "crowded_place",
            "has_major_hazard_source", "passenger_hazmat_transport", "ammonia_refrigeration",
            "dust_explosion", "confined_space", "hazchem_production", "hazchem_storage",
            "hazchem_trade", "hazchem_use")}
        data.update(region=e.region_id, industry=e.industry_id,
                    sectors=[s.code for s in e.sectors.all()],
                    people=[{"role": p.role, "name": p.name, "id_number": p.id_number,
                             "phone": p.phone} for p in e.people.all()])
        cleaned = clean_enterprise(data, check_unique=False)
        assert cleaned["uscc"] == e.uscc
        assert len(cleaned["sectors"]) == len(data["sectors"]) >= 1


def test_supervision_audit_and_status(demo):
    admin = User.objects.get(username="admin")
    for e in Enterprise.objects.prefetch_related("supervisions"):
        leads = [s.agency_id for s in e.supervisions.all() if s.is_lead]
        assert leads == [e.lead_agency_id]
    events = AuditEvent.objects.filter(action="enterprise.create")
    assert events.count() == COUNT
    assert set(events.values_list("actor", flat=True)) == {admin.pk}
    event = events.get(object_id=str(Enterprise.objects.order_by("pk").first().pk))
    assert event.changes["uscc"][0] is None and event.changes["people"][1]
    for change in StatusChange.objects.select_related("enterprise"):
        assert change.enterprise.status == change.to_status != "operating"
        assert change.order_number
        assert AuditEvent.objects.filter(action="enterprise.status",
                                         object_id=str(change.enterprise_id)).exists()


def test_names_are_local_and_unique(demo):
    names = list(Enterprise.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert all(n.startswith(("安溪", "湖上乡", "中国石化")) for n in names)
    assert sum("茶" in n for n in names) > COUNT // 5  # a tea township
    assert all(e.address.startswith("安溪县湖上乡") for e in Enterprise.objects.all())
    lat = [float(v) for v in Enterprise.objects.values_list("latitude", flat=True)]
    assert all(25.1 < v < 25.3 for v in lat)


def test_risk_grades_are_skewed(demo):
    grades = list(Enterprise.objects.values_list("risk_grade", flat=True))
    assert grades.count("A") < grades.count("B") < grades.count("C")
    assert grades.count("A") < COUNT * 0.05


def test_trades_carry_their_industry_sectors_flags_licences_and_agency():
    specs = generate(2000)
    by_trade = {}
    for spec in specs:
        by_trade.setdefault(spec.trade, []).append(spec)
    assert len(by_trade) == len(V.TRADES)
    for spec in by_trade["filling_station"]:
        assert spec.industry == "52" and "hazchem" in spec.sectors
        assert spec.flags["hazchem_trade"] and spec.flags["hazchem_storage"]
        kinds = {lic.kind for lic in spec.licences}
        assert {"危险化学品经营许可证", "成品油零售经营批准证书"} <= kinds
        assert spec.lead == "town_emergency"
    for spec in by_trade["construction"]:
        assert spec.lead == "town_construction" and "construction" in spec.sectors
        assert "建筑施工企业安全生产许可证" in {lic.kind for lic in spec.licences}
    for spec in by_trade["furniture"] + by_trade["bamboo_wood"]:
        assert spec.flags["dust_explosion"] and "dust_explosion" in spec.sectors
    for spec in by_trade["stone"]:
        assert {"industry_trade", "building_materials"} <= set(spec.sectors)
        assert not spec.flags.get("dust_explosion")
    for spec in by_trade["fireworks_retail"]:
        assert spec.sectors[0] == "fireworks" and spec.licences
    for spec in by_trade["hotel"]:
        assert spec.flags["crowded_place"]
    for spec in specs:
        if spec.flags.get("ammonia_refrigeration"):
            assert "ammonia_refrigeration" in spec.sectors
        if spec.flags.get("has_major_hazard_source"):
            assert spec.major_hazard_level and spec.risk_grade in "AB"
        assert spec.lead not in spec.assisting
    expired = sum(1 for s in specs for lic in s.licences
                  if lic.valid_until and lic.valid_until < date.today())
    assert 0 < expired < sum(len(s.licences) for s in specs) * 0.15


def test_logins_work_with_the_demo_password(client, demo):
    for spec in USERS:
        user = User.objects.get(username=spec.username)
        assert user.is_demo
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        client.logout()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.role == Role.COMMITTEE_ADMIN
    assert admin.agency.name == "湖上乡安委办"
    enterprise_user = User.objects.get(username="enterprise1")
    assert enterprise_user.role == Role.ENTERPRISE and enterprise_user.enterprise is not None
    jiwei = User.objects.get(username="jiwei")
    assert jiwei.role == Role.DISCIPLINE and jiwei.region_id == "350524113"
    assert User.objects.get(username="leader").role == Role.LEADER
    county = User.objects.get(username="county1")
    assert (county.role, county.agency.name) == (Role.OFFICER, "安溪县应急管理局")
    # The enforcement team can act alone: two certified officers of its own.
    team = User.objects.filter(agency__name="湖上乡综合行政执法队", role=Role.OFFICER)
    assert sorted(team.values_list("username", flat=True)) == ["zhifa1", "zhifa2"]
    assert all(u.certificates.filter(valid_until__gt=date.today()).exists() for u in team)


def test_api_token_for_a_demo_officer(client, demo):
    res = client.post("/api/v1/auth/token", {"username": "officer1", "password": DEMO_PASSWORD},
                      content_type="application/json")
    assert res.status_code == 200, res.content


def test_officers_hold_valid_certificates(demo):
    today = date.today()
    for username in ("officer1", "officer2"):
        user = User.objects.get(username=username)
        assert user.role == Role.OFFICER
        assert user.agency.name == "湖上乡应急管理办公室"
        cert = user.certificates.get()
        assert re.fullmatch(r"闽AJ350524\d{5}", cert.number)
        assert cert.issuing_authority == "福建省人民政府"
        assert cert.is_valid_on(today)
        assert today + timedelta(days=600) < cert.valid_until < today + timedelta(days=800)
    expired = User.objects.get(username="officer4").certificates.get()
    assert not expired.is_valid_on(today)


def test_demo_logins_listing(demo, capsys):
    rows = demo_logins()
    assert [r["username"] for r in rows] == [u.username for u in USERS]
    assert all(r["password"] == DEMO_PASSWORD for r in rows)
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "officer1" in out and DEMO_PASSWORD in out and "已过期" in out


def test_command_prints_a_summary(db, capsys):
    call_command("load_demo", "--enterprises", "20", "--county-only", "--logins")
    out = capsys.readouterr().out
    assert "企业20家" in out and "enterprise1" in out
    call_command("load_demo", "--enterprises", "20", "--county-only")
    assert "未作改动" in capsys.readouterr().out


def test_generation_is_deterministic():
    first = generate(30)
    assert [(e.name, e.uscc) for e in first] == [(e.name, e.uscc) for e in generate(30)]
    assert [e.uscc for e in generate(10)] == [e.uscc for e in first[:10]]
    assert first[0].trade == V.SHOWCASE_TRADE


def test_two_thousand_enterprises_load_fast(db):
    started = time.monotonic()
    result = load_demo(all_regions=True)
    assert time.monotonic() - started < 30
    assert result.enterprises == Enterprise.objects.count() == 2000
    assert Region.objects.filter(level=Region.Level.COUNTY).count() > 2800


def test_the_sector_filter_finds_the_demo_enterprises_of_each_sector(demo):
    """The demo loader writes sector rows in bulk; the denormalised codes the list filter
    reads must follow them."""
    from anzhi.registry.search import in_sector

    through = Enterprise.sectors.through
    for code in set(through.objects.values_list("sector_id", flat=True)):
        linked = set(through.objects.filter(sector_id=code)
                     .values_list("enterprise_id", flat=True))
        assert set(in_sector(Enterprise.objects.all(), code).values_list("pk", flat=True)) \
            == linked, code
