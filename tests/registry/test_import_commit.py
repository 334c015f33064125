"""Preview and commit: only valid rows are written, upserting by USCC, safe to repeat."""

import pytest

from anzhi.core.errors import NotAllowed
from anzhi.core.models import AuditEvent
from anzhi.registry.importing import run_import
from anzhi.registry.models import Enterprise, EnterprisePerson, Supervision
from tests.factories import AgencyFactory, make_uscc

from .conftest import import_uscc


def counts():
    return (Enterprise.objects.count(), EnterprisePerson.objects.count(),
            Supervision.objects.count(), AuditEvent.objects.count())


def test_dry_run_reports_and_writes_nothing(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(3)
    rows[2][1] = "91350524MA31X0000X"  # bad check character
    before = counts()
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=True)
    assert counts() == before
    assert (report.rows_read, report.rows_valid, report.created) == (3, 2, 2)
    [error] = report.errors
    assert (error.row, error.column) == (3, "统一社会信用代码")
    assert error.message.startswith("统一社会信用代码：")


def test_commit_writes_valid_rows_with_people_supervision_and_audit(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(3)
    rows[3][2] = "不存在村"
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=False,
                        filename="名录.xlsx")
    assert (report.created, report.rows_valid, report.rows_invalid) == (2, 2, 1)
    [error] = report.errors
    assert (error.row, error.column) == (4, "所在区划")
    assert "不存在村" in error.message
    assert not Enterprise.objects.filter(uscc=import_uscc(2)).exists()
    ent = Enterprise.objects.get(uscc=import_uscc(0))
    assert ent.lead_agency == cast.agency_a
    assert ent.supervisions.get().is_lead
    assert ent.people.get().name == "林0"
    assert list(ent.sectors.values_list("name", flat=True)) == ["工贸"]
    event = AuditEvent.objects.get(object_id=str(ent.pk))
    assert (event.action, event.actor, event.reason) == ("enterprise.import", cast.officer_a,
                                                         "批量导入：名录.xlsx")
    assert event.changes["name"] == [None, "湖上乡测试0号茶厂"]
    assert event.changes["sectors"] == [None, ["industry_trade"]]


def test_second_import_of_the_same_file_changes_nothing(cast, write_xlsx, sheet_rows):
    path = write_xlsx(sheet_rows(4))
    first = run_import(path, actor=cast.officer_a, dry_run=False)
    assert first.created == 4
    before = counts()
    second = run_import(path, actor=cast.officer_a, dry_run=False)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert counts() == before


def test_commit_updates_existing_by_uscc_and_blank_cells_keep_values(cast, write_xlsx,
                                                                      sheet_rows):
    run_import(write_xlsx(sheet_rows(2), name="a.xlsx"), actor=cast.officer_a, dry_run=False)
    rows = sheet_rows(2)
    rows[1][0] = "湖上乡测试0号茶厂（更名）"
    rows[1][3] = None  # blank address: keep
    rows[1][8] = "陈新"  # new principal
    rows[1][9] = None
    report = run_import(write_xlsx(rows, name="b.xlsx"), actor=cast.officer_a, dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    ent = Enterprise.objects.get(uscc=import_uscc(0))
    assert ent.name == "湖上乡测试0号茶厂（更名）"
    assert ent.address == "湖上村0号"
    assert [(p.name, p.is_current) for p in ent.people.order_by("id")] == [
        ("林0", False), ("陈新", True)]  # the former principal is kept, not deleted
    event = AuditEvent.objects.filter(object_id=str(ent.pk)).latest("id")
    assert event.changes["name"] == ["湖上乡测试0号茶厂", "湖上乡测试0号茶厂（更名）"]
    assert "address" not in event.changes


def test_duplicate_uscc_in_the_file_reports_the_later_row(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(3)
    rows[3][1] = rows[1][1].lower()
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=False)
    assert report.created == 2
    [error] = report.errors
    assert (error.row, error.column) == (4, "统一社会信用代码")
    assert "与第2行重复" in error.message
    assert Enterprise.objects.get(uscc=import_uscc(0)).name == "湖上乡测试0号茶厂"


def test_uscc_of_an_enterprise_outside_the_jurisdiction_is_a_bad_row(cast, write_xlsx,
                                                                    sheet_rows):
    rows = sheet_rows(2)
    rows[2][1] = cast.enterprise_b.uscc  # 剑斗镇, not officer_a's township
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=False)
    assert (report.created, report.updated) == (1, 0)
    [error] = report.errors
    assert (error.row, error.column) == (3, "统一社会信用代码")
    assert "不在您的辖区内" in error.message
    cast.enterprise_b.refresh_from_db()
    assert cast.enterprise_b.name == "剑斗镇石材加工厂"


def test_region_outside_the_jurisdiction_is_a_bad_row(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(2)
    rows[1][2] = cast.town_b.code
    rows[2][2] = "剑斗镇"
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=True)
    assert report.rows_valid == 0
    assert [e.column for e in report.errors] == ["所在区划", "所在区划"]
    assert "超出您的辖区" in report.errors[0].message


def test_unknown_agency_sector_and_bad_flag_are_named_in_chinese(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(1)
    rows[0] += ["劳动密集型"]
    rows[1][4] = "工贸、火星采矿"
    rows[1][7] = "月球应急办"
    rows[1] += ["可能"]
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=True)
    messages = {e.column: e.message for e in report.errors}
    assert "未知的行业领域：火星采矿" in messages["重点行业领域"]
    assert "月球应急办" in messages["主责监管机构"]
    assert "应填写“是”或“否”" in messages["劳动密集型"]


def test_a_new_enterprise_needs_a_lead_agency(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(1)
    rows[1][7] = None
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=True)
    [error] = report.errors
    assert error.column == "主责监管机构"
    assert "必须填写" in error.message


def test_bad_id_number_names_the_spreadsheet_column(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(1)
    rows[1][9] = "350524198001010000"
    report = run_import(write_xlsx(rows), actor=cast.officer_a, dry_run=True)
    [error] = report.errors
    assert error.column == "主要负责人身份证号"
    assert "身份证号" in error.message


def test_changing_the_lead_agency_rewrites_supervision(cast, write_xlsx, sheet_rows):
    run_import(write_xlsx(sheet_rows(1), name="a.xlsx"), actor=cast.officer_a, dry_run=False)
    AgencyFactory(name="湖上乡派出所", region=cast.town_a)
    rows = sheet_rows(1)
    rows[0].append("协管机构")
    rows[1][7] = "湖上乡派出所"
    rows[1].append("湖上乡应急办")
    report = run_import(write_xlsx(rows, name="b.xlsx"), actor=cast.officer_a, dry_run=False)
    assert report.updated == 1
    ent = Enterprise.objects.get(uscc=import_uscc(0))
    assert ent.lead_agency.name == "湖上乡派出所"
    assert sorted((s.agency.name, s.is_lead) for s in ent.supervisions.all()) == [
        ("湖上乡应急办", False), ("湖上乡派出所", True)]


@pytest.mark.parametrize("who", ["assistant_a", "discipline", "leader", "enterprise_user_a",
                                 "auxiliary_a"])
def test_roles_that_cannot_change_the_registry_cannot_import(cast, write_xlsx, sheet_rows, who):
    with pytest.raises(NotAllowed):
        run_import(write_xlsx(sheet_rows(1)), actor=getattr(cast, who), dry_run=True)


def test_progress_is_reported_per_chunk(cast, write_xlsx, sheet_rows):
    calls = []
    run_import(write_xlsx(sheet_rows(5)), actor=cast.officer_a, dry_run=False, chunk_size=2,
               progress=lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == [2, 4, 5]
    assert calls[-1] == (5, 5)


def test_superuser_may_import_anywhere(cast, write_xlsx, sheet_rows):
    rows = sheet_rows(1)
    rows[1][2] = cast.town_b.code
    rows[1][7] = "剑斗镇应急办"
    report = run_import(write_xlsx(rows), actor=cast.superuser, dry_run=False)
    assert report.created == 1, report.errors
    assert Enterprise.objects.get(uscc=make_uscc("350524", 40_000_000)).region == cast.town_b
