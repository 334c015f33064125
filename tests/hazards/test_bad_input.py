"""Bad input: a clear Chinese message naming the field, and nothing written."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.hazards import uploads
from anzhi.hazards.models import (
    Hazard,
    HazardFile,
    HazardTransition,
    ListingExtension,
    Rectification,
    RectificationPlan,
    Review,
)
from anzhi.hazards.services import (
    hazard_close,
    hazard_create,
    hazard_list_for_supervision,
    hazard_reopen,
    hazard_review,
    hazard_set_plan,
    hazard_start,
    hazard_submit_rectification,
    listing_extend,
)

from .conftest import PNG, full_plan, hazard_data, png


def counts():
    return (Hazard.objects.count(), HazardTransition.objects.count(),
            RectificationPlan.objects.count(), Rectification.objects.count(),
            HazardFile.objects.count(), Review.objects.count(), ListingExtension.objects.count(),
            AuditEvent.objects.count())


def test_closing_without_review_is_refused_and_writes_nothing(cast, make_hazard):
    hazard = make_hazard()
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已清理", after=[png()])
    before = counts()
    with pytest.raises(TransitionRefused) as exc:
        hazard_close(actor=cast.officer_a, hazard=hazard)
    assert exc.value.message == "销号须经执法人员复查合格并出具整改复查意见书"
    assert counts() == before
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_review"


def test_review_of_a_hazard_not_awaiting_review_is_refused(cast, make_hazard):
    hazard = make_hazard()
    with pytest.raises(TransitionRefused, match="只有“待复查”的隐患才能复查（当前：待整改）"):
        hazard_review(actor=cast.officer_a, hazard=hazard, passed=True)


@pytest.mark.parametrize(("missing", "field", "fragment"), [
    # 五落实 (DESIGN glossary): responsible person, measures, funds, deadline, emergency plan.
    ("responsible_person", "responsible_person", "整改责任人：不能为空"),
    ("measures", "measures", "整改措施：不能为空"),
    ("funds", "funds", "整改资金：重大事故隐患须落实整改资金"),
    ("deadline", "deadline", "整改时限：不能为空"),
    ("emergency_plan", "emergency_plan", "整改期间应急预案：重大事故隐患须制定"),
])
def test_major_hazard_plan_needs_all_five_parts(cast, make_hazard, missing, field, fragment):
    hazard = make_hazard("major")
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard,
                        data=full_plan(**{missing: ""}))
    assert fragment in exc.value.errors[field]
    assert counts() == before
    with pytest.raises(TransitionRefused) as exc:
        hazard_start(actor=cast.enterprise_user_a, hazard=hazard)
    assert "尚缺：整改责任人、整改措施、整改资金、整改时限、应急预案" in exc.value.message
    assert counts() == before


def test_general_hazard_plan_needs_no_funds_or_emergency_plan(cast, make_hazard):
    hazard = make_hazard()
    hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard,
                    data=full_plan(funds="", emergency_plan=""))
    hazard_start(actor=cast.enterprise_user_a, hazard=hazard)


@pytest.mark.parametrize("call", ["create", "plan", "reopen", "listing"])
def test_a_deadline_in_the_past_is_refused(cast, make_hazard, today, call):
    yesterday = today - timedelta(days=1)
    hazard = make_hazard("major")
    if call == "reopen":
        hazard.status, hazard.closed_on = "closed", today
        hazard.save()
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        if call == "create":
            hazard_create(actor=cast.officer_a, enterprise=cast.enterprise_a,
                          data=hazard_data(rectify_due=yesterday))
        elif call == "plan":
            hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard,
                            data=full_plan(deadline=yesterday))
        elif call == "reopen":
            hazard_reopen(actor=cast.officer_a, hazard=hazard, reason="复现",
                          rectify_due=yesterday)
        else:
            hazard_list_for_supervision(actor=cast.head_a, hazard=hazard, level="township",
                                        document_number="湖上安委督〔2026〕1号",
                                        deadline=yesterday)
    message = next(iter(exc.value.errors.values()))
    assert "不能早于今天" in message
    assert counts() == before


def test_plan_deadline_cannot_exceed_the_ordered_deadline(cast, make_hazard):
    hazard = make_hazard("major", days=10)
    with pytest.raises(ValidationFailed) as exc:
        hazard_set_plan(actor=cast.enterprise_user_a, hazard=hazard, data=full_plan(days=30))
    assert "不得晚于责令整改期限" in exc.value.errors["deadline"]


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("criterion", "", "判定依据：不能为空"),
    ("description", " ", "描述：不能为空"),
    ("level", "huge", "隐患级别：应为"),
    ("rectify_due", None, "整改期限：不能为空"),
])
def test_bad_hazard_fields_are_named(cast, field, value, fragment):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        hazard_create(actor=cast.officer_a, enterprise=cast.enterprise_a,
                      data=hazard_data(**{field: value}))
    assert fragment in exc.value.errors[field]
    assert counts() == before


def test_extension_without_reason_is_refused(cast, make_hazard, today):
    hazard = make_hazard("major")
    listing = hazard_list_for_supervision(actor=cast.head_a, hazard=hazard, level="township",
                                          document_number="湖上安委督〔2026〕1号",
                                          deadline=today + timedelta(days=30))
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        listing_extend(actor=cast.head_a, listing=listing, to_due=today + timedelta(days=60),
                       reason="  ")
    assert exc.value.errors["reason"] == "理由：延期须说明理由"
    assert counts() == before
    listing.refresh_from_db()
    assert listing.due == today + timedelta(days=30)


def test_enterprise_user_cannot_touch_another_enterprises_hazard(cast, make_hazard):
    other = make_hazard(actor=cast.officer_b, enterprise=cast.enterprise_b)
    before = counts()
    for call in (
        lambda: hazard_set_plan(actor=cast.enterprise_user_a, hazard=other, data=full_plan()),
        lambda: hazard_start(actor=cast.enterprise_user_a, hazard=other),
        lambda: hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=other,
                                            description="x", after=[png()]),
        lambda: hazard_create(actor=cast.enterprise_user_a, enterprise=cast.enterprise_b,
                              data=hazard_data()),
    ):
        with pytest.raises(Http404):
            call()
    assert counts() == before


def test_enterprise_user_cannot_take_the_officers_steps(cast, make_hazard):
    hazard = make_hazard()
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已清理", after=[png()])
    with pytest.raises(NotAllowed):
        hazard_review(actor=cast.enterprise_user_a, hazard=hazard, passed=True)


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("evil.png", b"MZ\x90\x00 this is an exe", "不是图片（JPG、PNG、GIF、WEBP）或 PDF 文件"),
    ("notes.docx", b"PK\x03\x04 word document", "不是图片（JPG、PNG、GIF、WEBP）或 PDF 文件"),
    ("huge.png", PNG + b"\x00" * 2048, "超过"),
])
def test_evidence_must_be_an_image_or_pdf_within_the_limit(cast, make_hazard, monkeypatch,
                                                           name, content, fragment):
    monkeypatch.setattr(uploads, "MAX_BYTES", 1024)
    hazard = make_hazard()
    before = counts()
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    with pytest.raises(ValidationFailed) as exc:
        hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                    description="已清理", after=[upload])
    assert exc.value.errors["after"].startswith("整改后照片：")
    assert fragment in exc.value.errors["after"]
    assert counts() == before
    hazard.refresh_from_db()
    assert hazard.status == "pending"


def test_evidence_needs_an_after_file(cast, make_hazard):
    hazard = make_hazard()
    with pytest.raises(ValidationFailed) as exc:
        hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                    description="已清理", after=[])
    assert "整改后照片：至少上传" in exc.value.errors["after"]
