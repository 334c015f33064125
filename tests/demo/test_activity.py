"""``anzhi load_demo`` fills every module, not only the registry, and a second run adds
nothing."""

from io import StringIO

from django.core.management import call_command

from anzhi.cases.models import PenaltyCase
from anzhi.hazards.models import Hazard
from anzhi.inspections.models import Inspection
from anzhi.planning.models import EnforcementPlan, RandomDraw


def load(**options) -> str:
    out = StringIO()
    call_command("load_demo", enterprises=200, county_only=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (EnforcementPlan, RandomDraw, Inspection, Hazard,
                                                PenaltyCase)}


def test_the_demo_has_activity_in_every_module_once(db):
    first = load()
    after_first = counts()
    assert all(n > 0 for n in after_first.values()), after_first
    assert "演示业务数据：执法计划与抽取" in first
    second = load()
    assert counts() == after_first
    assert "执法计划与抽取0、检查0、隐患0、案件0" in second


def test_registry_only_on_request(db):
    load(no_activity=True)
    assert set(counts().values()) == {0}
