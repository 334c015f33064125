"""异地互查: rotation (never the own township, 2–5 enterprises each) and the closed loop of
the 异地执法检查问题移交表."""

from datetime import date, timedelta

import pytest
from docx import Document as Docx

from anzhi.accounts.models import Role
from anzhi.core import followups
from anzhi.core.documents import to_docx
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.planning import services
from anzhi.planning.choices import HandoverStatus
from anzhi.planning.models import HandoverItem, MutualInspection, Transition
from anzhi.planning.selectors import transfer_form_document
from anzhi.regions.models import Region
from tests.factories import AgencyFactory, UserFactory, region

from .conftest import make_enterprises

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def county(cast):
    """Three townships with enforcing agencies and 6 enterprises each."""
    town_c = region("350524115", "蓝田乡", Region.Level.TOWNSHIP, cast.county)
    agency_c = AgencyFactory(name="蓝田乡应急办", region=town_c, parent=cast.county_office)
    make_enterprises(5, region=cast.village_a, lead=cast.agency_a)
    make_enterprises(5, region=cast.town_b, lead=cast.agency_b)
    make_enterprises(6, region=town_c, lead=agency_c)
    return {"c": (town_c, agency_c)}


def rotate(cast, per_team=3, **kw):
    return services.rotation_create(actor=cast.county_admin, organiser=cast.county_office,
                                    title="2026年异地交叉执法检查", starts_on=TODAY,
                                    ends_on=TODAY + timedelta(days=30), per_team=per_team, **kw)


@pytest.mark.parametrize("per_team", [2, 3, 5])
def test_rotation_never_inspects_own_township(cast, county, per_team):
    rotation = rotate(cast, per_team)
    assignments = list(rotation.assignments.all())
    assert len(assignments) == 3
    inspecting = {a.inspecting_agency_id for a in assignments}
    targets = {a.target_region_id for a in assignments}
    assert len(inspecting) == 3 and len(targets) == 3  # each team once, each town once
    for a in assignments:
        assert a.inspecting_agency.region_id != a.target_region_id
        assert a.local_agency.region_id == a.target_region_id
        ents = list(a.enterprises.all())
        assert len(ents) == per_team
        lo = a.target_region.prefix
        assert all(e.region_id.startswith(lo) for e in ents)


@pytest.mark.parametrize("per_team", [1, 6])
def test_team_size_outside_two_to_five_is_refused(cast, county, per_team):
    with pytest.raises(ValidationFailed) as exc:
        rotate(cast, per_team)
    assert "2–5" in exc.value.errors["per_team"]
    assert not MutualInspection.objects.exists()


def test_needs_two_townships_with_agencies(cast):
    with pytest.raises(ValidationFailed) as exc:
        services.rotation_create(actor=cast.county_admin, organiser=cast.county_office,
                                 title="互查", starts_on=TODAY, ends_on=TODAY, region=cast.town_a)
    assert "至少需要两个" in exc.value.errors["region"]


def test_township_without_enough_enterprises_is_named(cast):
    with pytest.raises(ValidationFailed) as exc:
        rotate(cast)
    assert "在营企业不足 2 家" in exc.value.errors["region"]


def test_only_organiser_side_may_create(cast, county):
    with pytest.raises(NotAllowed):
        services.rotation_create(actor=cast.officer_a, organiser=cast.county_office,
                                 title="互查", starts_on=TODAY, ends_on=TODAY)


@pytest.fixture
def pair(cast, county):
    rotation = rotate(cast)
    a = rotation.assignments.get(inspecting_agency=cast.agency_a)
    inspector = cast.officer_a
    local = UserFactory(username="local_officer", role=Role.OFFICER, agency=a.local_agency)
    return a, inspector, local


def test_handover_closed_loop(cast, pair, monkeypatch):
    assignment, inspector, local = pair
    created = []
    monkeypatch.setitem(followups.HANDLERS, followups.RECTIFY_BY_DEADLINE,
                        lambda req: created.append(req) or followups.FollowupResult(
                            "hazards.hazard", 77, "隐患 H-77"))
    enterprise = assignment.enterprises.first()
    item = services.handover_record(actor=inspector, assignment=assignment,
                                    enterprise=enterprise, problem="配电室未设置挡鼠板",
                                    legal_basis="《安全生产法》第三十六条",
                                    suggestion="责令限期整改")
    assert item.status == HandoverStatus.RECORDED
    with pytest.raises(TransitionRefused, match="尚未经双方签字"):
        services.handover_act(actor=local, item=item, disposition="rectify_by_deadline",
                              action_taken="已下达整改指令", deadline=TODAY + timedelta(days=10))
    with pytest.raises(ValidationFailed) as exc:
        services.handover_sign(actor=inspector, item=item, password="wrong")
    assert "密码" in exc.value.errors["password"]
    services.handover_sign(actor=inspector, item=item, password="pw-anzhi-test")
    with pytest.raises(TransitionRefused, match="检查组已签名"):
        services.handover_sign(actor=inspector, item=item, password="pw-anzhi-test")
    item = services.handover_sign(actor=local, item=item, password="pw-anzhi-test")
    assert item.status == HandoverStatus.HANDED_OVER

    with pytest.raises(NotAllowed):  # the visiting team does not act for the local agency
        services.handover_act(actor=inspector, item=item, disposition="other",
                              action_taken="x")
    with pytest.raises(ValidationFailed) as exc:
        services.handover_act(actor=local, item=item, disposition="rectify_by_deadline",
                              action_taken="已下达整改指令", deadline=TODAY - timedelta(days=1))
    assert "不能早于今天" in exc.value.errors["deadline"]
    with pytest.raises(ValidationFailed) as exc:
        services.handover_act(actor=local, item=item, disposition="rectify_by_deadline",
                              action_taken="已下达整改指令")
    assert "必须填写期限" in exc.value.errors["deadline"]
    assert HandoverItem.objects.get(pk=item.pk).status == HandoverStatus.HANDED_OVER
    item = services.handover_act(actor=local, item=item, disposition="rectify_by_deadline",
                                 action_taken="已下达责令限期整改指令书",
                                 deadline=TODAY + timedelta(days=10))
    assert item.status == HandoverStatus.ACTED
    assert item.followup_label == "隐患 H-77"
    assert created[0].enterprise == enterprise and created[0].deadline == TODAY + timedelta(10)

    with pytest.raises(NotAllowed):
        services.handover_close(actor=local, item=item, note="自己销号")
    item = services.handover_close(actor=cast.county_admin, item=item, note="经核查已整改")
    assert item.status == HandoverStatus.CLOSED
    states = list(Transition.objects.filter(object_type="planning.handoveritem",
                                            object_id=str(item.pk))
                  .values_list("to_state", flat=True))
    assert states == ["recorded", "handed_over", "acted", "closed"]
    with pytest.raises(TransitionRefused, match="已销号"):
        services.handover_close(actor=cast.county_admin, item=item)


def test_handover_bad_input(cast, pair):
    assignment, inspector, local = pair
    with pytest.raises(ValidationFailed) as exc:
        services.handover_record(actor=inspector, assignment=assignment,
                                 enterprise=cast.enterprise_a, problem=" ")
    assert exc.value.errors == {"enterprise": "被检查单位：不在本组被检查的乡镇",
                                "problem": "存在问题：不能为空"}
    with pytest.raises(NotAllowed):
        services.handover_record(actor=local, assignment=assignment,
                                 enterprise=assignment.enterprises.first(), problem="x")
    assert not HandoverItem.objects.exists()


def test_inspector_signature_needs_a_valid_certificate(cast, pair):
    assignment, inspector, _local = pair
    item = services.handover_record(actor=inspector, assignment=assignment,
                                    enterprise=assignment.enterprises.first(), problem="无台账")
    inspector.certificates.update(valid_until=TODAY - timedelta(days=1))
    with pytest.raises(NotAllowed, match="有效执法证"):
        services.handover_sign(actor=inspector, item=item, password="pw-anzhi-test")


def test_transfer_form_document(cast, pair):
    assignment, inspector, _local = pair
    item = services.handover_record(actor=inspector, assignment=assignment,
                                    enterprise=assignment.enterprises.first(),
                                    problem="动火作业未办理审批", suggestion="立案处罚",
                                    is_major=True)
    services.handover_sign(actor=inspector, item=item, password="pw-anzhi-test")
    doc = transfer_form_document(assignment)
    assert doc.title == "异地执法检查问题移交表"
    table = doc.body[0]
    assert table.rows[0][2] == "动火作业未办理审批（重大事故隐患）"
    assert doc.signatures[0].name == inspector.display_name and doc.signatures[1].name == ""
    import io
    text = "\n".join(p.text for p in Docx(io.BytesIO(to_docx(doc))).paragraphs)
    assert "异地执法检查问题移交表" in text and "检查组" in text
    assert transfer_form_document(item).body[0].rows == table.rows


def test_transfer_form_for_an_inspection(cast, pair):
    from types import SimpleNamespace

    assignment, inspector, _ = pair
    first, second = list(assignment.enterprises.all())[:2]
    services.handover_record(actor=inspector, assignment=assignment, enterprise=first,
                             problem="问题甲")
    services.handover_record(actor=inspector, assignment=assignment, enterprise=second,
                             problem="问题乙")
    inspection = SimpleNamespace(agency_id=cast.agency_a.pk, enterprise_id=second.pk)
    rows = transfer_form_document(inspection).body[0].rows
    assert [r[2] for r in rows] == ["问题乙"]
    with pytest.raises(LookupError):
        transfer_form_document(SimpleNamespace(agency_id=cast.agency_b.pk,
                                               enterprise_id=second.pk))
