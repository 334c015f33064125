"""待办 on the home page: what needs the user's attention, one line per kind (overdue
hazards, hazards awaiting review, cases whose legal clock has run out …), each counted in
the user's scope and linking to its list filtered to exactly those rows. Apps register
their lines in ``AppConfig.ready``, as they register dossier tabs:

    register_work(WorkLine("hazards.overdue", "逾期未整改的隐患", overdue_rows,
                           "hazards:list", {"overdue": "true"}, urgent=True))
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from .pagination import capped_count

# A line says "99+" past this: the home page must stay fast over ten million hazards, and
# the list it links to gives the exact figure.
CAP = 99


@dataclass(frozen=True)
class WorkLine:
    key: str
    label: str
    rows: Callable[..., QuerySet]  # (user, today) -> the rows, already in the user's scope
    url_name: str
    query: dict[str, str] = field(default_factory=dict)
    urgent: bool = False


LINES: list[WorkLine] = []


def register_work(line: WorkLine) -> None:
    if all(existing.key != line.key for existing in LINES):
        LINES.append(line)


def worklist(user, today: date) -> list[dict]:
    """The lines with something in them, in registration order."""
    out = []
    for line in LINES:
        try:
            url = reverse(line.url_name)
        except NoReverseMatch:
            continue
        n = capped_count(line.rows(user, today), CAP)
        if n:
            out.append({"key": line.key, "label": line.label, "n": min(n, CAP),
                        "more": n > CAP, "urgent": line.urgent,
                        "url": f"{url}?{urlencode(line.query)}" if line.query else url})
    return out
