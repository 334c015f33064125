"""Tabs of the enterprise dossier (一企一档). Later apps register their own tab here:

    register_tab("hazards", "隐患", "hazards/dossier_tab.html", hazards_for_dossier)

where the function takes (user, enterprise) and returns the template's context.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .selectors import (
    dossier_history,
    dossier_licences,
    dossier_people,
    dossier_status_changes,
    dossier_supervisions,
)


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    template: str
    context: Callable | None = None


TABS: list[Tab] = [
    Tab("basic", "基本信息", "registry/tabs/basic.html", dossier_status_changes),
    Tab("people", "人员", "registry/tabs/people.html", dossier_people),
    Tab("licences", "证照", "registry/tabs/licences.html", dossier_licences),
    Tab("supervision", "监管", "registry/tabs/supervision.html", dossier_supervisions),
    Tab("history", "变更记录", "registry/tabs/history.html", dossier_history),
]


def register_tab(key: str, label: str, template: str, context: Callable | None = None,
                 *, before: str = "history") -> None:
    if any(t.key == key for t in TABS):
        return
    index = next((i for i, t in enumerate(TABS) if t.key == before), len(TABS))
    TABS.insert(index, Tab(key, label, template, context))


def get_tab(key: str) -> Tab:
    return next((t for t in TABS if t.key == key), TABS[0])
