"""Exporting the filtered enterprise list to .xlsx, and the blank import template.

The export uses the list's own filters and scoping (``EnterpriseFilters`` + the selector
``enterprise_list``), reads enterprises in batches with one query per related table, and
writes with openpyxl's write-only (streaming) workbook into a temporary file, so 100,000
rows need neither much memory nor one query per row. Its headers are the importer's
canonical ones: an exported file imports again unchanged.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from anzhi.accounts.models import User
from anzhi.accounts.scoping import regions_q
from anzhi.accounts.selectors import visible_agencies
from anzhi.regions.models import Region

from .choices import FLAGS, MajorHazardLevel, PersonRole, RiskGrade
from .filters import EnterpriseFilters
from .importing.columns import CANONICAL, HEADER_OF
from .models import Enterprise, EnterprisePerson, Licence, Sector, Supervision
from .selectors import enterprise_list

BATCH = 2000
YES, NO = "是", "否"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (key, header, width). Keys follow importing.columns; "区划名称", "经营状态" and "更新时间"
# are for reading only and are ignored on import.
EXPORT_COLUMNS: list[tuple[str, str, int]] = [
    ("name", HEADER_OF["name"], 36),
    ("uscc", HEADER_OF["uscc"], 22),
    ("region", "区划代码", 14),
    ("region_name", "区划名称", 14),
    ("address", HEADER_OF["address"], 30),
    ("industry", HEADER_OF["industry"], 24),
    ("sectors", HEADER_OF["sectors"], 20),
    ("employee_count", HEADER_OF["employee_count"], 9),
    ("above_scale", HEADER_OF["above_scale"], 9),
    ("risk_grade", HEADER_OF["risk_grade"], 15),
    ("status", "经营状态", 10),
    *[(flag, label, 9) for flag, label in FLAGS.items()],
    ("major_hazard_level", HEADER_OF["major_hazard_level"], 10),
    ("lead_agency", HEADER_OF["lead_agency"], 20),
    ("assisting_agencies", HEADER_OF["assisting_agencies"], 24),
    *[(f"{role}.{attr}", HEADER_OF[f"{role}.{attr}"], w)
      for role in (PersonRole.LEGAL_REPRESENTATIVE, PersonRole.PRINCIPAL,
                   PersonRole.SAFETY_MANAGER)
      for attr, w in (("name", 10), ("id_number", 21), ("phone", 14))],
    ("licence.kind", HEADER_OF["licence.kind"], 20),
    ("licence.number", HEADER_OF["licence.number"], 22),
    ("licence.issued_by", HEADER_OF["licence.issued_by"], 16),
    ("licence.valid_until", HEADER_OF["licence.valid_until"], 12),
    ("latitude", HEADER_OF["latitude"], 11),
    ("longitude", HEADER_OF["longitude"], 11),
    ("updated_at", "更新时间", 17),
]

_HEADER_FONT = Font(bold=True)
_REQUIRED_FONT = Font(bold=True, color="C00000")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LEVEL_LABELS = dict(MajorHazardLevel.choices)


def _yes(value: bool) -> str:
    return YES if value else NO


def _batches(qs, size: int) -> Iterator[list[Enterprise]]:
    batch: list[Enterprise] = []
    for enterprise in qs.iterator(chunk_size=size):
        batch.append(enterprise)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _related(ids: list[int]) -> dict[str, dict]:
    sectors: dict[int, list[str]] = {}
    through = Enterprise.sectors.through
    for eid, name in (through.objects.filter(enterprise_id__in=ids)
                      .order_by("sector__sort_order", "sector__code")
                      .values_list("enterprise_id", "sector__name")):
        sectors.setdefault(eid, []).append(name)
    people: dict[tuple[int, str], list[tuple[str, str, str]]] = {}
    for eid, role, name, number, phone in (EnterprisePerson.objects
                                          .filter(enterprise_id__in=ids, is_current=True)
                                          .order_by("id").values_list(
                                              "enterprise_id", "role", "name", "id_number",
                                              "phone")):
        people.setdefault((eid, role), []).append((name, number, phone))
    assisting: dict[int, list[str]] = {}
    for eid, name in (Supervision.objects.filter(enterprise_id__in=ids, is_lead=False)
                      .order_by("agency__name").values_list("enterprise_id", "agency__name")):
        assisting.setdefault(eid, []).append(name)
    licences: dict[int, list[tuple]] = {}
    for eid, *rest in (Licence.objects.filter(enterprise_id__in=ids, is_current=True)
                       .order_by("kind", "id").values_list(
                           "enterprise_id", "kind", "number", "issued_by", "valid_until")):
        licences.setdefault(eid, []).append(tuple(rest))
    return {"sectors": sectors, "people": people, "assisting": assisting, "licences": licences}


def _row(e: Enterprise, rel: dict) -> list:
    row: list = [
        e.name, e.uscc, e.region_id, e.region.name, e.address,
        f"{e.industry_id} {e.industry.name}" if e.industry_id else "",
        "、".join(rel["sectors"].get(e.pk, [])), e.employee_count, _yes(e.above_scale),
        e.get_risk_grade_display(), e.get_status_display(),
        *[_yes(getattr(e, flag)) for flag in FLAGS],
        LEVEL_LABELS.get(e.major_hazard_level, ""),
        e.lead_agency.name if e.lead_agency_id else "",
        "、".join(rel["assisting"].get(e.pk, [])),
    ]
    for role in (PersonRole.LEGAL_REPRESENTATIVE, PersonRole.PRINCIPAL,
                 PersonRole.SAFETY_MANAGER):
        people = rel["people"].get((e.pk, role), [])
        row += ["、".join(p[i] for p in people) if people else "" for i in range(3)]
    licences = rel["licences"].get(e.pk, [])
    row += ["；".join(lic[0] for lic in licences), "；".join(lic[1] for lic in licences),
            "；".join(lic[2] for lic in licences),
            "；".join(lic[3].isoformat() if lic[3] else "长期" for lic in licences)]
    row += [str(e.latitude) if e.latitude is not None else "",
            str(e.longitude) if e.longitude is not None else "",
            timezone.localtime(e.updated_at).strftime("%Y-%m-%d %H:%M")]
    return row


def write_export(user: User, filters: EnterpriseFilters, fileobj) -> int:
    """Write the user's filtered list as .xlsx into ``fileobj``; returns the row count."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业档案")
    for i, (_, _, width) in enumerate(EXPORT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C2"
    header = []
    for _, title, _ in EXPORT_COLUMNS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    ws.append(header)
    qs = enterprise_list(user, filters).select_related("industry")
    count = 0
    try:
        for batch in _batches(qs, BATCH):
            rel = _related([e.pk for e in batch])
            for enterprise in batch:
                ws.append(_row(enterprise, rel))
            count += len(batch)
    except BaseException:
        # Finish the sheet's XML writer: left open, it raised again when collected.
        ws.close()
        raise
    wb.save(fileobj)
    return count


def export_response(user: User, filters: EnterpriseFilters) -> FileResponse:
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    write_export(user, filters, tmp)
    tmp.seek(0)
    name = f"企业档案_{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(tmp, as_attachment=True, filename=name, content_type=XLSX)


# --- the import template -----------------------------------------------------------------

REQUIRED = {"name", "uscc", "region", "lead_agency"}


def template_workbook(user: User) -> Workbook:
    """A blank sheet with the canonical headers, the notes, and the names the user may use
    (villages and townships of the jurisdiction, sectors, agencies)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名录"
    for i, (key, title, _) in enumerate(CANONICAL, start=1):
        cell = ws.cell(row=1, column=i, value=title)
        cell.font = _REQUIRED_FONT if key in REQUIRED else _HEADER_FONT
        cell.fill = _HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(title) * 2 + 2)
    ws.freeze_panes = "C2"
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True,
                            showErrorMessage=False)
    grades = DataValidation(type="list", formula1=f'"{",".join(RiskGrade.values)}"',
                            allow_blank=True, showErrorMessage=False)
    ws.add_data_validation(yes_no)
    ws.add_data_validation(grades)
    for i, (key, _, _) in enumerate(CANONICAL, start=1):
        letter = get_column_letter(i)
        if key == "above_scale" or key in FLAGS:
            yes_no.add(f"{letter}2:{letter}5000")
        elif key == "risk_grade":
            grades.add(f"{letter}2:{letter}5000")

    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明"])
    for key, title, note in CANONICAL:
        notes.append([title, "必填" if key in REQUIRED else "", note])
    notes.append([])
    notes.append(["说明", "", "表头可以不在第一行；列的顺序不限；多出的列会被忽略。"
                  "已登记的企业按统一社会信用代码更新，空白单元格不会清除已有内容。"])
    for col, width in zip("ABC", (22, 10, 70), strict=True):
        notes.column_dimensions[col].width = width
    for cell in notes[1]:
        cell.font = _HEADER_FONT

    names = wb.create_sheet("可选名称")
    names.append(["区划名称", "区划代码", "重点行业领域", "监管机构"])
    q = regions_q(user)
    regions = Region.objects.filter(level__gte=Region.Level.TOWNSHIP)
    if q is not None:
        regions = regions.filter(q)
    regions = list(regions.order_by("code").values_list("name", "code")[:5000])
    sectors = list(Sector.objects.values_list("name", flat=True))
    agencies = list(visible_agencies(user).order_by("region_id", "name")
                    .values_list("name", flat=True))
    for i in range(max(len(regions), len(sectors), len(agencies))):
        region = regions[i] if i < len(regions) else ("", "")
        names.append([region[0], region[1], sectors[i] if i < len(sectors) else "",
                      agencies[i] if i < len(agencies) else ""])
    for col, width in zip("ABCD", (18, 16, 16, 26), strict=True):
        names.column_dimensions[col].width = width
    for cell in names[1]:
        cell.font = _HEADER_FONT
    return wb


def template_response(user: User) -> FileResponse:
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    template_workbook(user).save(tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename="企业档案导入模板.xlsx",
                        content_type=XLSX)
