"""Reading real township spreadsheets: title rows, a merged two-row header, full-width
characters, lower-case USCCs, dates as text, Excel serials and datetime cells."""

import csv
from datetime import date, datetime

import pytest

from anzhi.registry.importing import ImportFileError, open_table, run_import
from anzhi.registry.importing.lookups import Lookups
from anzhi.registry.importing.rows import RowParser
from anzhi.registry.models import Enterprise, EnterprisePerson, Licence
from tests.factories import make_id_number, make_uscc, sector

TITLE = "湖上乡安全生产重点监管企业名录（2024年）"
PARENT = ["序号", "单位名称", "统一社会信用代码", "所在村", "详细地址", "行业领域", "从业人数",
          "风险等级", "主要负责人", None, None, "主责部门", "证照", None, None, "劳动密集型",
          "重大危险源"]
CHILD = [None] * 8 + ["姓名", "身份证号", "联系电话", None, "名称", "编号", "有效期", None, None]
MERGES = ["A1:Q1", "A2:Q2", "I3:K3", "M3:O3",
          *[f"{c}3:{c}4" for c in "ABCDEFGHLPQ"]]


def wide(s: str) -> str:
    """ASCII letters and digits as full-width characters (ＡＢＣ１２３)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)


@pytest.fixture
def messy(cast, write_xlsx):
    sector("industry_trade", "工贸")
    sector("hazchem", "危险化学品")
    pid = make_id_number("350524", date(1978, 4, 2), 31)
    codes = [make_uscc("350524", 30_000_000 + i) for i in range(6)]

    def row(n, name, code, village, until, **over):
        cells = [n, name, code, village, "湖上村　１２号", "工贸、危险化学品", "１２０人", "B级",
                 "张　三", pid, 13905951234, "湖上乡应急办", "危险化学品经营许可证",
                 f"闽泉危经字〔2024〕00{n}号", until, "是", "否"]
        for index, value in over.items():
            cells[int(index[1:])] = value
        return cells

    rows = [
        [TITLE] + [None] * 16,
        ["填报单位：湖上乡应急办　　填报日期：2024年1月17日"] + [None] * 16,
        PARENT,
        CHILD,
        row(1, "湖上乡ＡＢＣ茶业有限公司", codes[0].lower(), "湖上村", "2024年1月17日"),
        row(2, "湖上乡溪源茶叶专业合作社", wide(codes[1]), "湖上村委会", "2024.1.17"),
        row(3, "湖上乡石门石材加工厂", codes[2], "350524113201", 45308),
        row(4, "湖上乡顺发加油站", " " + codes[3] + " ", "湖上乡湖上村", datetime(2024, 1, 17)),
        row(5, "湖上乡坏码茶厂", codes[4][:-1] + ("0" if codes[4][-1] != "0" else "1"), "湖上村",
            "2024/1/17"),
        row(6, "湖上乡宏达竹木制品厂", codes[5], "湖上村", "2024-01-17", c15="√", c16="二级"),
        ["合计", None, None, None, None, None, 720] + [None] * 10,
    ]
    path = write_xlsx(rows, MERGES)
    return {"path": path, "codes": codes, "pid": pid}


def test_header_found_below_title_rows_with_merged_two_row_header(messy):
    with open_table(messy["path"]) as table:
        assert table.header_row == 4
        by_key = {k: [c.display for c in v] for k, v in table.by_key.items()}
        rows = list(table.rows())
    assert by_key["name"] == ["单位名称"]
    assert by_key["uscc"] == ["统一社会信用代码"]
    assert by_key["principal.name"] == ["主要负责人姓名"]
    assert by_key["principal.id_number"] == ["主要负责人身份证号"]
    assert by_key["principal.phone"] == ["主要负责人联系电话"]
    assert by_key["licence.kind"] == ["证照名称"]
    assert by_key["licence.number"] == ["证照编号"]
    assert by_key["licence.valid_until"] == ["证照有效期"]
    assert [n for n, _ in rows] == [5, 6, 7, 8, 9, 10]  # the 合计 line is not data


def test_cells_are_normalised(cast, messy):
    with open_table(messy["path"]) as table:
        parser = RowParser(table.by_key, Lookups(cast.officer_a))
        parsed = [parser.parse(n, v) for n, v in table.rows()]
    first = parsed[0]
    assert first.data["name"] == "湖上乡ABC茶业有限公司"
    assert first.data["address"] == "湖上村 12号"
    assert first.data["employee_count"] == 120
    assert first.data["risk_grade"] == "B"
    assert first.data["region"] == cast.village_a.code
    assert first.data["sectors"] == ["industry_trade", "hazchem"]
    assert first.data["labour_intensive"] is True
    assert first.data["has_major_hazard_source"] is False
    assert first.data["people"] == [{"role": "principal", "name": "张三",
                                     "id_number": messy["pid"], "phone": "13905951234"}]
    assert first.lead == cast.agency_a
    # every spelling of the date is the same day
    assert {p.licences[0]["valid_until"] for p in parsed} == {date(2024, 1, 17)}
    # 湖上村委会, a 12-digit code and 湖上乡湖上村 all name the same village
    assert {p.data["region"] for p in parsed} == {cast.village_a.code}
    last = parsed[-1]
    assert last.data["has_major_hazard_source"] is True
    assert last.data["major_hazard_level"] == "2"


def test_messy_file_imports_and_the_bad_usccs_row_is_reported(cast, messy):
    report = run_import(messy["path"], actor=cast.officer_a, dry_run=False,
                        filename="湖上乡名录.xlsx")
    assert (report.rows_read, report.rows_valid, report.created) == (6, 5, 5)
    [error] = report.errors
    assert error.row == 9
    assert error.column == "统一社会信用代码"
    assert "校验位不正确" in error.message
    codes = messy["codes"]
    assert not Enterprise.objects.filter(name="湖上乡坏码茶厂").exists()
    ent = Enterprise.objects.get(uscc=codes[0])  # stored upper-case
    assert ent.name == "湖上乡ABC茶业有限公司"
    assert ent.region_id == cast.village_a.code
    assert ent.lead_agency == cast.agency_a
    assert set(ent.sectors.values_list("code", flat=True)) == {"industry_trade", "hazchem"}
    assert EnterprisePerson.objects.get(enterprise=ent).name == "张三"
    assert Licence.objects.get(enterprise=ent).valid_until == date(2024, 1, 17)
    assert Enterprise.objects.get(uscc=codes[1]).uscc == codes[1]  # full-width → ASCII


@pytest.mark.parametrize("name", ["list.xls", "list.pdf", "list"])
def test_other_formats_are_refused_in_chinese(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    with pytest.raises(ImportFileError) as exc:
        open_table(path)
    assert exc.value.message.startswith("文件：")


def test_a_corrupt_xlsx_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(ImportFileError) as exc:
        open_table(path)
    assert "损坏" in exc.value.message


def test_a_sheet_without_a_header_is_refused(write_xlsx):
    path = write_xlsx([["湖上乡"], ["随便写的", "内容"]])
    with pytest.raises(ImportFileError) as exc:
        open_table(path)
    assert "表头" in exc.value.message


def test_header_is_found_on_a_later_sheet(cast, write_xlsx):
    path = write_xlsx([["单位名称", "统一社会信用代码", "所在区划"],
                       ["湖上乡一号茶厂", make_uscc("350524", 31_000_001), "湖上村"]],
                      before=[["填写说明"], ["本表用于导入企业档案"]])
    with open_table(path) as table:
        assert table.sheet == "企业名录"
        assert [n for n, _ in table.rows()] == [2]


def test_csv_in_gbk_with_an_unmerged_two_row_header(cast, tmp_path):
    path = tmp_path / "list.csv"
    with open(path, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名单"])
        w.writerow(["企业名称", "信用代码", "村(社区)", "安全管理人员", "", ""])
        w.writerow(["", "", "", "姓名", "身份证", "手机"])
        w.writerow(["湖上乡二号茶厂", make_uscc("350524", 31_000_002).lower(), "湖上村",
                    "李四、王五", "", "13905951234、13805951234"])
    with open_table(path) as table:
        assert table.header_row == 3
        parser = RowParser(table.by_key, Lookups(cast.officer_a))
        [(number, values)] = list(table.rows())
        row = parser.parse(number, values)
    assert number == 4
    assert [(p["name"], p["phone"]) for p in row.data["people"]] == [
        ("李四", "13905951234"), ("王五", "13805951234")]
    assert {p["role"] for p in row.data["people"]} == {"safety_manager"}


def test_village_cells_merged_down_a_block_are_filled(cast, write_xlsx):
    codes = [make_uscc("350524", 31_000_010 + i) for i in range(3)]
    path = write_xlsx([["单位名称", "统一社会信用代码", "所在村"],
                       ["一号厂", codes[0], "湖上村"],
                       ["二号厂", codes[1], None],
                       ["三号厂", codes[2], None]], merges=["C2:C4"])
    with open_table(path) as table:
        parser = RowParser(table.by_key, Lookups(cast.officer_a))
        regions = [parser.parse(n, v).data.get("region") for n, v in table.rows()]
    assert regions == [cast.village_a.code] * 3


def _excel_like_xlsx(path, sheet_xml: str, strings: list[str]) -> None:
    """A workbook as Excel/WPS write it: shared strings, a date style, no <dimension>."""
    import zipfile
    from xml.sax.saxutils import escape

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"'
            '/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="乡镇表" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            f'{rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{rel}/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}"><fonts count="1">'
            '<font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill '
            'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2">'
            '<xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/>'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            '</cellStyles></styleSheet>'),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>"),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f'{sheet_xml}</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/>'
            '</mergeCells></worksheet>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def test_a_workbook_written_by_excel_is_read(cast, tmp_path):
    code = make_uscc("350524", 31_000_100)
    strings = ["湖上乡企业名单", "单位名称", "统一社会信用代码", "所在村", "证照有效期",
               "规模以上", "湖上乡福源茶厂", code, "湖上村", "从业人数"]
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c>'
        '<c r="C3" t="s"><v>3</v></c><c r="D3" t="s"><v>4</v></c><c r="E3" t="s"><v>5</v></c>'
        '<c r="F3" t="s"><v>9</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="s"><v>7</v></c>'
        '<c r="C4" t="s"><v>8</v></c><c r="D4" s="1"><v>45308</v></c>'
        '<c r="E4" t="b"><v>1</v></c><c r="F4"><f>20*2</f><v>40</v></c></row>')
    path = tmp_path / "excel.xlsx"
    _excel_like_xlsx(path, sheet, strings)
    with open_table(path) as table:
        assert (table.sheet, table.header_row, table.estimated_rows) == ("乡镇表", 3, 1)
        parser = RowParser(table.by_key, Lookups(cast.officer_a))
        [(number, values)] = list(table.rows())
        row = parser.parse(number, values)
    assert number == 4
    assert values[3] == datetime(2024, 1, 17)  # a date-styled serial
    assert row.data["name"] == "湖上乡福源茶厂"
    assert row.data["uscc"] == code
    assert row.data["region"] == cast.village_a.code
    assert row.data["above_scale"] is True
    assert row.data["employee_count"] == 40  # the formula's cached value
    assert row.licences[0]["valid_until"] == date(2024, 1, 17)
