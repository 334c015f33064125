"""Built-in checklists shipped as data files, and the cache of a version's items.

``load_builtin`` is called by the data migration (with the historical models) and by tests
(after a transactional test flushed the tables). It only creates what is missing: a built-in
checklist an administrator has since versioned is left alone.
"""

import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "checklists"
ITEM_FIELDS = ("section", "content", "legal_basis", "standard_basis", "is_major",
               "statute_entry")


def builtin_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def read_builtin() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in builtin_files()]


def load_builtin(apps=None) -> int:
    """Create the built-in checklists (version 1) that do not exist yet; returns how many."""
    if apps is None:
        from .models import Checklist, ChecklistItem, ChecklistVersion
    else:
        Checklist = apps.get_model("inspections", "Checklist")
        ChecklistVersion = apps.get_model("inspections", "ChecklistVersion")
        ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    created = 0
    for data in read_builtin():
        if Checklist.objects.filter(code=data["code"]).exists():
            continue
        checklist = Checklist.objects.create(
            code=data["code"], title=data["title"], sector_code=data.get("sector_code", ""),
            description=data.get("description", ""), is_builtin=True)
        version = ChecklistVersion.objects.create(checklist=checklist, number=1,
                                                  note="内置检查表")
        ChecklistItem.objects.bulk_create(
            ChecklistItem(version=version, seq=i, **{f: row.get(f, "") if f != "is_major"
                                                     else bool(row.get(f)) for f in ITEM_FIELDS})
            for i, row in enumerate(data["items"], start=1))
        created += 1
    return created


@lru_cache(maxsize=256)
def version_items(version_id: int) -> dict[int, "object"]:
    """Items of a checklist version by id. Versions are immutable once published, so the
    result is cached for the life of the process."""
    from .models import ChecklistItem

    return {i.pk: i for i in ChecklistItem.objects.filter(version_id=version_id).order_by("seq")}
