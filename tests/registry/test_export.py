"""Export of the filtered list to .xlsx (page and API), and the round trip back in."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anzhi.core.models import AuditEvent
from anzhi.registry.exporting import EXPORT_COLUMNS
from anzhi.registry.importing import run_import
from anzhi.registry.models import Enterprise, Licence, Supervision
from tests.factories import AgencyFactory, EnterpriseFactory, add_person, make_uscc, sector


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]], header


@pytest.fixture
def rich(cast):
    """enterprise_a with people, sectors, flags, an assisting agency and licences."""
    e = cast.enterprise_a
    e.sectors.set([sector("industry_trade", "工贸"), sector("hazchem", "危险化学品")])
    e.employee_count, e.risk_grade, e.dust_explosion = 45, "B", True
    e.has_major_hazard_source, e.major_hazard_level = True, "3"
    e.address = "湖上村8号"
    e.save()
    add_person(e, role="principal", name="林志明", serial=1)
    add_person(e, role="safety_manager", name="陈安", serial=2)
    add_person(e, role="safety_manager", name="王全", serial=3)
    police = AgencyFactory(name="湖上乡派出所", region=cast.town_a)
    Supervision.objects.create(enterprise=e, agency=police, is_lead=False)
    Licence.objects.create(enterprise=e, kind="危险化学品经营许可证", number="闽泉危经〔2024〕001",
                           issued_by="安溪县应急管理局", valid_until=date(2027, 1, 17))
    Licence.objects.create(enterprise=e, kind="营业执照", number="N-1")
    return e


def test_page_export_is_scoped_and_has_chinese_headers(cast, client, rich):
    client.force_login(cast.officer_a)
    rows, header = read(client.get(reverse("registry:export")))
    assert header == [title for _, title, _ in EXPORT_COLUMNS]
    assert [r["统一社会信用代码"] for r in rows] == [rich.uscc]  # not 剑斗镇's enterprise
    row = rows[0]
    assert row["单位名称"] == "湖上乡铁观音茶厂"
    assert row["区划代码"] == cast.village_a.code
    assert row["重点行业领域"] == "危险化学品、工贸"
    assert (row["风险等级"], row["粉尘涉爆"], row["劳动密集型"]) == ("B级（较大风险）", "是", "否")
    assert row["重大危险源等级"] == "三级"
    assert (row["主责监管机构"], row["协管机构"]) == ("湖上乡应急办", "湖上乡派出所")
    assert row["主要负责人"] == "林志明"
    assert row["安全管理人员"] == "陈安、王全"
    assert row["证照种类"] == "危险化学品经营许可证；营业执照"
    assert row["有效期至"] == "2027-01-17；长期"


def test_page_export_uses_the_list_filters(cast, client):
    EnterpriseFactory(name="湖上乡宏达石材厂", region=cast.village_a, lead=cast.agency_a)
    client.force_login(cast.county_admin)
    rows, _ = read(client.get(reverse("registry:export"), {"q": "石材"}))
    assert sorted(r["单位名称"] for r in rows) == ["剑斗镇石材加工厂", "湖上乡宏达石材厂"]
    rows, _ = read(client.get(reverse("registry:export"), {"q": "石材",
                                                         "region": cast.town_a.code}))
    assert [r["单位名称"] for r in rows] == ["湖上乡宏达石材厂"]


def test_api_export_with_filters_and_scoping(cast, api_client):
    EnterpriseFactory(name="湖上乡宏达石材厂", region=cast.village_a, lead=cast.agency_a,
                      risk_grade="A")
    api_client.login(cast.officer_a)
    rows, _ = read(api_client.get("/api/v1/enterprises/export", {"risk_grade": "A"}))
    assert [r["单位名称"] for r in rows] == ["湖上乡宏达石材厂"]
    api_client.login(cast.enterprise_user_a)
    rows, _ = read(api_client.get("/api/v1/enterprises/export"))
    assert [r["单位名称"] for r in rows] == ["湖上乡铁观音茶厂"]


def test_export_needs_a_login(client):
    assert client.get("/api/v1/enterprises/export").status_code == 401


def test_exported_file_imports_back_unchanged(cast, client, rich, tmp_path):
    client.force_login(cast.officer_a)
    response = client.get(reverse("registry:export"))
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    before = AuditEvent.objects.count()
    report = run_import(path, actor=cast.officer_a, dry_run=False)
    assert report.errors == []
    assert report.ignored_columns == []
    assert (report.rows_read, report.created, report.updated, report.unchanged) == (1, 0, 0, 1)
    assert AuditEvent.objects.count() == before

    # after a change in the registry, re-importing the export puts the old values back
    Enterprise.objects.filter(pk=rich.pk).update(name="改过的名字", employee_count=1)
    report = run_import(path, actor=cast.officer_a, dry_run=False)
    assert (report.updated, report.unchanged) == (1, 0)
    rich.refresh_from_db()
    assert (rich.name, rich.employee_count) == ("湖上乡铁观音茶厂", 45)
    assert sorted(p.name for p in rich.people.filter(is_current=True)) == ["林志明", "王全", "陈安"]


def test_exported_file_creates_the_same_enterprises_elsewhere(cast, client, rich, tmp_path):
    """The export of one township, with USCCs changed, creates equal new dossiers."""
    client.force_login(cast.officer_a)
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(client.get(reverse("registry:export")).streaming_content))
    wb = load_workbook(path)
    ws = wb.active
    new_code = make_uscc("350524", 77_000_001)
    ws["B2"] = new_code
    wb.save(path)
    report = run_import(path, actor=cast.officer_a, dry_run=False)
    assert (report.created, report.errors) == (1, [])
    copy = Enterprise.objects.get(uscc=new_code)
    for field in ("name", "region_id", "address", "employee_count", "risk_grade",
                  "dust_explosion", "major_hazard_level", "lead_agency_id"):
        assert getattr(copy, field) == getattr(rich, field), field
    assert set(copy.sectors.all()) == set(rich.sectors.all())
    assert sorted((p.role, p.name, p.id_number, p.phone) for p in copy.people.all()) == sorted(
        (p.role, p.name, p.id_number, p.phone) for p in rich.people.all())
    assert sorted((s.agency_id, s.is_lead) for s in copy.supervisions.all()) == sorted(
        (s.agency_id, s.is_lead) for s in rich.supervisions.all())
    assert sorted((x.kind, x.number, x.issued_by, x.valid_until) for x in copy.licences.all()) \
        == sorted((x.kind, x.number, x.issued_by, x.valid_until) for x in rich.licences.all())


def test_an_export_that_fails_midway_leaves_no_open_sheet_writer(cast, monkeypatch):
    """The error reaches the caller, and the write-only sheet is finished, not left to raise
    again when the garbage collector finds it (seen as an unraisable exception in CI)."""
    import gc
    import sys

    from anzhi.registry import exporting
    from anzhi.registry.filters import EnterpriseFilters

    def broken(enterprise, rel):
        raise RuntimeError("读取失败")

    monkeypatch.setattr(exporting, "_row", broken)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(RuntimeError, match="读取失败"):
        exporting.write_export(cast.county_admin, EnterpriseFilters(), io.BytesIO())
    gc.collect()
    assert unraisable == []
