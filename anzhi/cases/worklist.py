"""The penalty cases' lines in the home page's 待办 (``core.worklist``)."""

from anzhi.core.worklist import WorkLine

from .selectors import CaseFilters, case_list


def _rows(**filters):
    wanted = CaseFilters(**filters)
    return lambda user, today: case_list(user, wanted)


LINES = [
    WorkLine("cases.missed", "法定期限已过的案件", _rows(clock="missed"), "cases:list",
             {"clock": "missed"}, urgent=True),
    WorkLine("cases.warning", "期限临近的案件", _rows(clock="warning"), "cases:list",
             {"clock": "warning"}),
]
