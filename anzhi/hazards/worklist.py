"""The hazard ledger's lines in the home page's 待办 (``core.worklist``)."""

from anzhi.core.worklist import WorkLine

from .choices import Level, Status
from .selectors import LedgerFilters, apply_filters, visible_hazards


def _rows(**filters):
    wanted = LedgerFilters(**filters)
    return lambda user, today: apply_filters(visible_hazards(user), wanted, today)


LINES = [
    WorkLine("hazards.overdue", "逾期未整改的隐患", _rows(overdue=True), "hazards:list",
             {"overdue": "true"}, urgent=True),
    WorkLine("hazards.review", "待复查的隐患", _rows(status=Status.AWAITING_REVIEW),
             "hazards:list", {"status": Status.AWAITING_REVIEW}),
    WorkLine("hazards.major", "未销号的重大隐患", _rows(status="open", level=Level.MAJOR),
             "hazards:list", {"status": "open", "level": Level.MAJOR}),
]
