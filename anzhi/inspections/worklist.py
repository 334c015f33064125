"""The inspections' lines in the home page's 待办 (``core.worklist``)."""

from anzhi.core.worklist import WorkLine

from .choices import Status
from .selectors import InspectionFilters, inspection_list


def _rows(**filters):
    wanted = InspectionFilters(**filters)
    return lambda user, today: inspection_list(user, wanted)


LINES = [
    WorkLine("inspections.unsigned", "待签名的检查记录", _rows(status=Status.SUBMITTED),
             "inspections:list", {"status": Status.SUBMITTED}),
    WorkLine("inspections.draft", "未提交的检查草稿", _rows(status=Status.DRAFT),
             "inspections:list", {"status": Status.DRAFT}),
]
