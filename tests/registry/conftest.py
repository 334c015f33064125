"""Fixtures for the registry import/export tests: uploads kept in a temporary MEDIA_ROOT,
huey in immediate mode, and a writer of real .xlsx files (openpyxl) to read back."""

from pathlib import Path

import pytest
from openpyxl import Workbook


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


@pytest.fixture
def write_xlsx(tmp_path):
    """write_xlsx(rows, merges=(), name=..., sheets=None) → path of a real .xlsx file.

    ``rows`` are lists of cell values starting at A1; ``merges`` are ranges like "A1:H1"."""

    def write(rows, merges=(), name="enterprises.xlsx", title="企业名录", before=None):
        wb = Workbook()
        ws = wb.active
        if before is not None:  # an extra first sheet without a header
            ws.title = "说明"
            for r in before:
                ws.append(r)
            ws = wb.create_sheet(title)
        else:
            ws.title = title
        for r in rows:
            ws.append(r)
        for rng in merges:
            ws.merge_cells(rng)
        path = tmp_path / name
        wb.save(path)
        return path

    return write


IMPORT_HEADER = ["单位名称", "统一社会信用代码", "所在区划", "地址", "重点行业领域", "从业人数",
                 "风险等级", "主责监管机构", "主要负责人", "主要负责人身份证号", "主要负责人电话"]


def import_uscc(i: int) -> str:
    from tests.factories import make_uscc

    return make_uscc("350524", 40_000_000 + i)


@pytest.fixture
def sheet_rows(cast):
    """sheet_rows(n, start=0, **over) → [header, n rows] of valid enterprises in 湖上村
    (the jurisdiction of cast.officer_a), supervised by 湖上乡应急办."""
    from datetime import date

    from tests.factories import make_id_number, sector

    sector("industry_trade", "工贸")  # also after a transactional test flushed the tables

    def rows(n, start=0, region="湖上村", agency="湖上乡应急办"):
        out = [list(IMPORT_HEADER)]
        for i in range(start, start + n):
            out.append([f"湖上乡测试{i}号茶厂", import_uscc(i), region, f"湖上村{i}号", "工贸",
                        10 + i, "C", agency, f"林{i}",
                        make_id_number("350524", date(1980, 1, 1), i), "13905951234"])
        return out

    return rows


@pytest.fixture
def stored(media):
    """stored(path, days_old=0) → the relative name of ``path`` stored as an upload, dated
    ``days_old`` days back."""
    import os
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from anzhi.registry.importing.files import store_upload

    def store(path, *, days_old: float = 0) -> str:
        relative, _ = store_upload(SimpleUploadedFile(path.name, path.read_bytes()))
        then = (timezone.now() - timedelta(days=days_old)).timestamp()
        os.utime(media / relative, (then, then))
        return relative

    return store
