"""Importing the statistical division table (.xlsx/.csv): preview with bad rows, commit,
idempotent re-import, the command."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.regions.divisions import read_division_file
from anzhi.regions.models import Region
from anzhi.regions.services import divisions_import, divisions_preview

Level = Region.Level
EXPECTED_ERRORS = [
    (11, "统计用区划代码", "代码350525101000不属于上级区划安溪县（350524）"),
    (12, "统计用区划代码", "代码应为9位（乡级）或12位，实际11位"),
    (13, "名称", "名称不能为空"),
    (14, "统计用区划代码", "代码350524113201与第7行重复"),
    (15, "统计用区划代码", "所属乡级区划350524199不存在（请先添加该乡镇，或在表中一并列出）"),
    (16, "城乡分类代码", "城乡分类代码应为111、112、121、122、123、210、220之一"),
]


def read(path):
    return read_division_file(path.read_bytes(), path.name)


def errors_of(report):
    return [(e.row, e.column, e.message) for e in report.errors]


def test_xlsx_preview_reports_every_bad_row_and_writes_nothing(places, division_xlsx):
    rows, headers = read(division_xlsx)
    before = (Region.objects.count(), AuditEvent.objects.count())
    report = divisions_preview(actor=places.county_admin, parent=places.county, rows=rows,
                               headers=headers)
    assert (Region.objects.count(), AuditEvent.objects.count()) == before
    assert report.rows_read == 13
    assert report.skipped == 1
    assert errors_of(report) == EXPECTED_ERRORS
    assert [(r.code, r.name, r.level, r.action) for r in report.rows] == [
        ("350524113", "湖上乡", Level.TOWNSHIP, "unchanged"),
        ("350524114", "剑斗镇", Level.TOWNSHIP, "create"),
        ("350524113201", "湖上村", Level.VILLAGE, "create"),
        ("350524113202", "盛富村", Level.VILLAGE, "create"),
        ("350524114001", "剑斗社区", Level.VILLAGE, "create"),
        ("350524114201", "剑斗村", Level.VILLAGE, "create"),
    ]


def test_commit_writes_the_valid_rows_and_is_idempotent(places, division_xlsx):
    rows, headers = read(division_xlsx)
    report = divisions_import(actor=places.county_admin, parent=places.county, rows=rows,
                              headers=headers)
    assert (report.created, report.updated) == (5, 0)
    jiandou = Region.objects.get(pk="350524114201")
    assert (jiandou.parent_id, jiandou.level, jiandou.prefix, jiandou.urban_rural_code) == (
        "350524114", Level.VILLAGE, "350524114201", "220")
    assert jiandou.full_name == "福建省泉州市安溪县剑斗镇剑斗村"
    assert not Region.objects.filter(pk="350525101").exists()
    assert AuditEvent.objects.filter(action="region.create").count() == 5
    count = Region.objects.count()

    again = divisions_import(actor=places.county_admin, parent=places.county, rows=rows,
                             headers=headers)
    assert (again.created, again.updated) == (0, 0)
    assert Region.objects.count() == count
    assert AuditEvent.objects.filter(action__startswith="region.").count() == 5


def test_renamed_township_is_updated_with_the_names_below_it(places, division_xlsx):
    rows, headers = read(division_xlsx)
    divisions_import(actor=places.county_admin, parent=places.county, rows=rows,
                     headers=headers)
    renamed = [r for r in rows if r.code.strip() == "350524114000"]
    renamed[0].name = "剑斗新镇"
    report = divisions_import(actor=places.county_admin, parent=places.county, rows=rows,
                              headers=headers)
    assert (report.created, report.updated) == (0, 1)
    assert Region.objects.get(pk="350524114").name == "剑斗新镇"
    assert Region.objects.get(pk="350524114201").full_name == "福建省泉州市安溪县剑斗新镇剑斗村"
    event = AuditEvent.objects.get(action="region.update")
    assert event.changes["name"] == ["剑斗镇", "剑斗新镇"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gbk(places, tmp_path, encoding, division_rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in division_rows:
        writer.writerow(["" if v is None else v for v in row])
    path = tmp_path / "divisions.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    rows, headers = read(path)
    report = divisions_import(actor=places.county_admin, parent=places.county, rows=rows,
                              headers=headers)
    assert errors_of(report) == EXPECTED_ERRORS
    assert report.created == 5


def test_tab_separated_csv_without_a_title_row(places, tmp_path):
    text = "统计用区划代码\t名称\n350524114000\t剑斗镇\n350524114201\t剑斗村\n"
    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    rows, headers = read(path)
    report = divisions_import(actor=None, parent=places.county, rows=rows, headers=headers)
    assert report.created == 2
    assert report.errors == []


def test_under_a_township_only_its_villages_are_imported(places, division_xlsx):
    rows, headers = read(division_xlsx)
    report = divisions_preview(actor=places.town_admin, parent=places.town, rows=rows,
                               headers=headers)
    assert {r.code for r in report.rows} == {"350524113201", "350524113202"}
    bad = {e.row: e.message for e in report.errors}
    assert bad[6] == "代码350524114000不属于上级区划湖上乡（350524113）"


def test_files_without_a_header_or_of_another_kind_are_refused(places, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        read(path)
    assert exc.value.errors["file"].startswith("文件：未找到表头")
    with pytest.raises(ValidationFailed) as exc:
        read_division_file(b"\xd0\xcf\x11\xe0", "old.xls")
    assert exc.value.errors == {"file": "文件：请上传 .xlsx 或 .csv 文件"}
    with pytest.raises(ValidationFailed) as exc:
        read_division_file(b"not a zip", "broken.xlsx")
    assert "无法读取" in exc.value.errors["file"]


def test_only_committee_admins_of_the_jurisdiction_may_import(places, division_xlsx):
    rows, headers = read(division_xlsx)
    for actor in (places.officer, places.other_admin, places.town_admin):
        with pytest.raises(NotAllowed):
            divisions_import(actor=actor, parent=places.county, rows=rows, headers=headers)
    assert not Region.objects.filter(pk="350524114").exists()


def test_import_divisions_command(places, division_xlsx, capsys):
    call_command("import_divisions", str(division_xlsx), "--county", "350524", "--dry-run")
    captured = capsys.readouterr()
    assert "第11行 [统计用区划代码] 代码350525101000不属于上级区划安溪县（350524）" in captured.err
    assert "未写入" in captured.out
    assert not Region.objects.filter(pk="350524114").exists()
    call_command("import_divisions", str(division_xlsx), "--county", "350524")
    assert "新增5个" in capsys.readouterr().out
    assert Region.objects.filter(pk="350524114201").exists()
    with pytest.raises(CommandError):
        call_command("import_divisions", str(division_xlsx), "--county", "999999")



def test_a_name_already_used_under_the_same_township_is_refused(places, tmp_path):
    from anzhi.regions.services import region_add

    region_add(actor=None, parent=places.town, code="350524113201", name="湖上村")
    path = tmp_path / "d.csv"
    path.write_text("统计用区划代码,名称\n350524113205,湖上村\n350524113206,珠塔村\n",
                    encoding="utf-8")
    rows, headers = read(path)
    report = divisions_preview(actor=None, parent=places.town, rows=rows, headers=headers)
    assert errors_of(report) == [(2, "名称", "名称“湖上村”已被同一上级下的区划350524113201使用")]
    assert [r.code for r in report.rows] == ["350524113206"]
