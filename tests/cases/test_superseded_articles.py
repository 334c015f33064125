"""条例 Art 37, 38 and Art 35 (1), (3), whose amounts 安全生产法 (2021) Art 114, 95 and 110
replaced (anzhi.law statutes.toml ``superseded_by``): a case cannot be charged on them — the
message names the article that applies and nothing is written —, the page does not offer
them, and a finding that still cites one opens its case on the current article."""

import pytest
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.forms import statute_choices
from anzhi.cases.models import PenaltyCase, Violation
from anzhi.core import followups
from anzhi.core.errors import ValidationFailed
from anzhi.core.models import AuditEvent


@pytest.mark.parametrize(("entry", "now"), [
    pytest.param("SGTL-37-1", "安全生产法第114条第1款第1项", id="Art37-1→Art114"),
    pytest.param("SGTL-37", "安全生产法第114条第1款", id="Art37→Art114"),
    pytest.param("SGTL-38-2", "安全生产法第95条第1款第2项", id="Art38-2→Art95"),
    pytest.param("SGTL-35-1", "安全生产法第110条第1款", id="Art35-1→Art110"),
    pytest.param("SGTL-35-3", "安全生产法第110条第1款", id="Art35-3→Art110"),
])
def test_a_superseded_article_cannot_be_charged(cast, flow, entry, now):
    case = flow.new()
    flow.investigating(case)
    before = Violation.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.case_add_violation(actor=cast.officer_a, case=case,
                                    data={"entry_id": entry, "facts": "事故调查报告认定"})
    message = exc.value.errors["violation.entry_id"]
    assert message.startswith("违法行为：生产安全事故报告和调查处理条例第")
    assert f"已由{now}取代，请选择{now}" in message
    assert (Violation.objects.count(), AuditEvent.objects.count()) == before

    cases = PenaltyCase.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        flow.new(entry=entry)
    assert f"已由{now}取代" in exc.value.errors["violations.0.entry_id"]
    assert PenaltyCase.objects.count() == cases


def test_the_page_offers_the_current_articles_only(cast, flow, client):
    offered = {eid for _group, options in statute_choices()[1:] for eid, _label in options}
    assert not {"SGTL-35-1", "SGTL-35-3", *(f"SGTL-37-{n}" for n in range(1, 5)),
                *(f"SGTL-38-{n}" for n in range(1, 5))} & offered
    assert {"SGTL-35-2", "SGTL-36-1", "AQSCF-110", "AQSCF-114-1", "AQSCF-95-1"} <= offered

    case = flow.new()
    flow.investigating(case)
    client.force_login(cast.officer_a)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'value="SGTL-35-2"' in html and 'value="SGTL-37-1"' not in html


def test_a_finding_citing_a_superseded_article_is_charged_on_the_current_one(cast, today):
    result = followups.dispatch(followups.FollowupRequest(
        kind=followups.FILE_CASE, actor=cast.officer_a, enterprise=cast.enterprise_a,
        agency=cast.agency_a, description="事故发生后主要负责人未立即组织抢救",
        source_type="inspections.finding", source_id=42, statute_entry="SGTL-35-1"))
    violation = PenaltyCase.objects.get(pk=result.object_id).violations.get()
    assert violation.entry_id == "AQSCF-110"
    assert violation.citation == "安全生产法第110条第1款"


def test_omitted_report_is_charged_on_the_regulation(cast, flow):
    case = flow.new(entry="SGTL-35-2")
    v = case.violations.get()
    assert (v.citation, v.title) == ("生产安全事故报告和调查处理条例第35条第1款第2项", "漏报事故")
