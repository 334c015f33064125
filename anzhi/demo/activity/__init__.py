"""A working township on top of the demo registry: a year's enforcement plan and a 双随机
draw, inspections with their findings, hazards at every stage of the closed loop, and
penalty cases at several stages, so that every page of the demo has something to show.

Everything here is written through the services, as the officers would (so the legal rules,
transitions and audit events are the real ones), dated relative to ``today`` so that some
deadlines are near and some have passed. Each step is idempotent: it does nothing when its
own demo records are already there.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .cast import DemoCast

STEPS = ["planning", "inspections", "hazards", "cases"]
# What the command prints for each step's count.
ACTIVITY_LABELS = {"planning": "执法计划与抽取", "inspections": "检查", "hazards": "隐患",
                   "cases": "案件"}


def load_activity(today: date | None = None) -> dict[str, int]:
    """Run each step in order; returns what each step wrote (0: already there)."""
    import importlib

    today = today or timezone.localdate()
    cast = DemoCast.load()
    written = {}
    for name in STEPS:
        step = importlib.import_module(f"{__name__}.{name}")
        written[name] = step.load(cast, today)
    return written
