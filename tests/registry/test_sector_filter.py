"""The list's sector filter reads ``Enterprise.sector_codes``; it must name exactly the
enterprises whose many-to-many sectors hold the code, whichever way the sectors changed:
the services, the relation managers, the importer, or rows inserted directly and synced."""

import pytest

from anzhi.registry.filters import EnterpriseFilters, apply_filters
from anzhi.registry.importing import run_import
from anzhi.registry.models import Enterprise
from anzhi.registry.search import sector_codes, sync_sector_codes
from anzhi.registry.services import enterprise_create, enterprise_update
from tests.factories import EnterpriseFactory, make_uscc, sector

from .conftest import IMPORT_HEADER, import_uscc

CODES = ("industry_trade", "hazchem", "gas")


@pytest.fixture
def sectors(db):
    return {code: sector(code, name) for code, name in
            zip(CODES, ("工贸", "危险化学品", "燃气"), strict=True)}


def filtered(code: str, **more) -> set[str]:
    qs = apply_filters(Enterprise.objects.all(), EnterpriseFilters(sector=code, **more))
    return set(qs.values_list("name", flat=True))


def truth(code: str, **more) -> set[str]:
    return set(Enterprise.objects.filter(sectors=code, **more).values_list("name", flat=True))


def assert_filter_right(**more) -> None:
    for code in CODES:
        assert filtered(code, **more) == truth(code, **more), code
    for e in Enterprise.objects.all():
        assert e.sector_codes == sector_codes(e.sectors.all()), e.name


def create(cast, name, serial, codes, grade="C"):
    return enterprise_create(actor=cast.officer_a, data={
        "name": name, "uscc": make_uscc("350524", 20_000_000 + serial),
        "region": cast.village_a.code, "lead_agency": cast.agency_a.pk, "risk_grade": grade,
        "sectors": list(codes)})


def test_sector_codes_are_sorted_and_comma_separated(sectors):
    assert sector_codes(["hazchem", "gas", sectors["industry_trade"], "gas"]) \
        == "gas,hazchem,industry_trade"
    assert sector_codes([]) == ""


def test_filter_follows_sectors_set_and_changed_by_the_services(cast, sectors):
    tea = create(cast, "湖上乡甲茶厂", 1, ["industry_trade"], "B")
    station = create(cast, "湖上乡乙加油站", 2, ["hazchem", "gas"], "B")
    create(cast, "湖上乡丙液化气站", 3, ["gas"], "A")
    assert tea.sector_codes == "industry_trade"  # the instance the service returns, too
    assert filtered("hazchem") == {"湖上乡乙加油站"}
    assert filtered("gas", risk_grade="B") == {"湖上乡乙加油站"}
    assert_filter_right()

    enterprise_update(actor=cast.officer_a, enterprise=tea, data={"sectors": ["hazchem"]})
    enterprise_update(actor=cast.officer_a, enterprise=station, data={"sectors": []})
    assert filtered("hazchem") == {"湖上乡甲茶厂"}
    assert filtered("industry_trade") == set()
    assert filtered("gas") == {"湖上乡丙液化气站"}
    assert_filter_right()
    assert_filter_right(risk_grade="B")

    # A partial update without sectors keeps them.
    enterprise_update(actor=cast.officer_a, enterprise=tea, data={"employee_count": 9})
    assert filtered("hazchem") == {"湖上乡甲茶厂"}


def test_filter_follows_relation_manager_writes_from_either_side(cast, sectors):
    a, b = cast.enterprise_a, cast.enterprise_b
    a.sectors.add(sectors["hazchem"], sectors["gas"])
    assert a.sector_codes == "gas,hazchem"
    sectors["hazchem"].enterprises.add(b)
    assert_filter_right()
    a.sectors.remove(sectors["hazchem"])
    assert_filter_right()
    sectors["gas"].enterprises.remove(a)
    sectors["industry_trade"].enterprises.set([a, b])
    assert_filter_right()
    sectors["industry_trade"].enterprises.clear()
    assert_filter_right()
    b.sectors.clear()
    assert_filter_right()
    assert set(Enterprise.objects.values_list("sector_codes", flat=True)) == {""}


def test_filter_follows_sectors_written_by_the_importer(cast, sectors, write_xlsx,
                                                         sheet_rows):
    rows = sheet_rows(3)
    rows[2][4] = "危险化学品、燃气"
    run_import(write_xlsx(rows, name="a.xlsx"), actor=cast.officer_a, dry_run=False)
    assert filtered("hazchem") == {"湖上乡测试1号茶厂"}
    assert filtered("industry_trade") == {"湖上乡测试0号茶厂", "湖上乡测试2号茶厂"}
    assert_filter_right()

    rows = sheet_rows(3)
    rows[1][4] = "燃气"  # 0: changed
    rows[2][4] = "燃气、危险化学品"  # 1: the same sectors in another order
    rows[3][4] = None  # 2: blank keeps what the dossier holds
    report = run_import(write_xlsx(rows, name="b.xlsx"), actor=cast.officer_a, dry_run=False)
    assert (report.updated, report.unchanged) == (1, 2)
    assert filtered("gas") == {"湖上乡测试0号茶厂", "湖上乡测试1号茶厂"}
    assert filtered("industry_trade") == {"湖上乡测试2号茶厂"}
    assert_filter_right()
    assert Enterprise.objects.get(uscc=import_uscc(0)).sector_codes == "gas"


def test_a_preview_writes_no_sector_codes(cast, sectors, write_xlsx, sheet_rows):
    ent = cast.enterprise_a
    rows = [list(IMPORT_HEADER), [ent.name, ent.uscc, "湖上村", "", "危险化学品", 1, "C",
                                  "湖上乡应急办", "林一", "", ""]]
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=True)
    assert report.updated == 1
    ent.refresh_from_db()
    assert ent.sector_codes == ""


def test_rows_inserted_directly_are_found_after_sync(cast, sectors):
    through = Enterprise.sectors.through
    extra = EnterpriseFactory(name="湖上乡丁烟花爆竹店", region=cast.village_a)
    through.objects.bulk_create([
        through(enterprise_id=cast.enterprise_a.pk, sector_id="hazchem"),
        through(enterprise_id=extra.pk, sector_id="gas"),
        through(enterprise_id=extra.pk, sector_id="hazchem")])
    assert filtered("hazchem") == set()  # bulk inserts send no signal
    assert sync_sector_codes([cast.enterprise_a.pk]) == 1
    assert filtered("hazchem") == {"湖上乡铁观音茶厂"}
    assert sync_sector_codes() == 1
    assert_filter_right()
    assert sync_sector_codes() == 0
    through.objects.filter(enterprise_id=extra.pk, sector_id="gas").delete()
    assert sync_sector_codes() == 1
    assert extra.__class__.objects.get(pk=extra.pk).sector_codes == "hazchem"


def test_list_page_and_api_filter_by_sector_and_grade(cast, sectors, client, api_client):
    create(cast, "湖上乡甲加油站", 1, ["hazchem"], "B")
    create(cast, "湖上乡乙加油站", 2, ["hazchem", "gas"], "A")
    create(cast, "湖上乡丙茶厂", 3, ["industry_trade"], "B")
    client.force_login(cast.county_admin)
    page = client.get("/enterprises/", {"sector": "hazchem", "risk_grade": "B"}).content.decode()
    assert "湖上乡甲加油站" in page and "共 1 户" in page
    assert "湖上乡乙加油站" not in page and "湖上乡丙茶厂" not in page
    body = api_client.login(cast.county_admin).get(
        "/api/v1/enterprises", {"sector": "hazchem"}).json()
    assert body["total"] == 2
    assert [i["name"] for i in body["items"]] == ["湖上乡乙加油站", "湖上乡甲加油站"]
