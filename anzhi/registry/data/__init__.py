"""Reference data the project keeps as files, and the code that syncs it into the database.

- ``industries.csv`` — GB/T 4754-2017 国民经济行业分类: the 20 sections (门类 A–T) and the
  97 divisions (大类 01–97), each division pointing at its section.
- ``sectors.csv`` — 重点行业领域 (key sectors), with a stable slug code, the 高危行业 flag
  (the high-risk trades of the Work Safety Law: mines, metal smelting, construction, transport,
  and units that produce, trade or store dangerous goods) and a display order.

The data migration ``registry/migrations/0002_reference_data`` and the ``load_reference``
command both call ``sync_reference`` so every database has the same rows. Rows are upserted
by code; rows missing from the files are left alone (enterprises point at them).

This module must not import models: the migration passes its historical models in.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
INDUSTRIES_CSV = DATA_DIR / "industries.csv"
SECTORS_CSV = DATA_DIR / "sectors.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def read_industries() -> list[dict[str, str]]:
    """Rows ``{code, name, section}``; sections (section "") come before their divisions."""
    return _read(INDUSTRIES_CSV)


def read_sectors() -> list[dict]:
    return [{"code": r["code"], "name": r["name"], "high_risk": r["high_risk"] == "1",
             "sort_order": int(r["sort_order"])} for r in _read(SECTORS_CSV)]


@dataclass
class SyncResult:
    industries_created: int = 0
    industries_updated: int = 0
    sectors_created: int = 0
    sectors_updated: int = 0

    def __str__(self) -> str:
        return (f"国民经济行业：新增{self.industries_created}，更新{self.industries_updated}；"
                f"重点行业领域：新增{self.sectors_created}，更新{self.sectors_updated}")


def sync_reference(Industry, Sector) -> SyncResult:
    """Upsert both files into the given models (current or historical)."""
    result = SyncResult()
    existing = {i.code: i for i in Industry.objects.all()}
    for row in read_industries():
        values = {"name": row["name"], "section_id": row["section"] or None}
        old = existing.get(row["code"])
        if old is None:
            Industry.objects.create(code=row["code"], **values)
            result.industries_created += 1
        elif old.name != values["name"] or old.section_id != values["section_id"]:
            Industry.objects.filter(pk=old.pk).update(**values)
            result.industries_updated += 1
    existing_sectors = {s.code: s for s in Sector.objects.all()}
    rows = read_sectors()
    codes = {r["code"] for r in rows}
    for row in rows:
        old = existing_sectors.get(row["code"])
        values = {k: row[k] for k in ("name", "high_risk", "sort_order")}
        # A sector another code already holds the name of (typed in by hand before the files
        # existed) would break the unique name; rename that one out of the way first.
        clash = Sector.objects.filter(name=values["name"]).exclude(code=row["code"]).first()
        if clash is not None and clash.code not in codes:
            Sector.objects.filter(pk=clash.pk).update(name=f"{clash.name}（{clash.code}）")
        if old is None:
            Sector.objects.create(code=row["code"], **values)
            result.sectors_created += 1
        elif any(getattr(old, k) != v for k, v in values.items()):
            Sector.objects.filter(pk=old.pk).update(**values)
            result.sectors_updated += 1
    return result
