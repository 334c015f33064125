"""Signatures: password re-entry, enterprise acknowledgement or witnessed refusal, frozen
records, the tamper-evident chain and its verification command."""

import pytest
from django.core.management import CommandError, call_command

from anzhi.core.errors import TransitionRefused, ValidationFailed
from anzhi.inspections.models import Answer, Finding, Inspection, Signature, SignatureChain
from anzhi.inspections.services import answer_save, finding_add, inspection_create
from anzhi.inspections.signing import inspection_sign, verify_chain

PW = "pw-anzhi-test"


@pytest.fixture
def submitted(cast, record):
    return inspection_create(actor=cast.officer_a, data=record())


def sign_all(cast, inspection):
    inspection_sign(actor=cast.officer_a, inspection=inspection, kind="officer", password=PW)
    inspection_sign(actor=cast.officer_a, inspection=inspection, kind="officer",
                    signer_id=cast.officer_a2.pk, password=PW)
    return inspection_sign(actor=cast.officer_a, inspection=inspection, kind="enterprise",
                           name="林志明", statement="以上情况属实")


def test_officers_and_the_enterprise_sign_and_the_record_is_signed(cast, submitted):
    sign_all(cast, submitted)
    submitted.refresh_from_db()
    assert submitted.status == "signed"
    assert submitted.number.startswith("湖上乡应急办检记〔")
    sigs = list(Signature.objects.filter(inspection=submitted))
    assert [s.kind for s in sigs] == ["officer", "officer", "enterprise"]
    assert sigs[0].prev_hash == "0" * 64 and sigs[1].prev_hash == sigs[0].hash
    assert submitted.transitions.filter(to_status="signed").exists()


def test_refusal_is_recorded_with_a_witness(cast, submitted):
    sig = inspection_sign(actor=cast.officer_a, inspection=submitted, kind="refusal",
                          name="林志明（厂长）", witness="湖上村村委会主任 王五",
                          statement="拒绝在记录上签字")
    assert sig.witness.endswith("王五")


def nothing_signed():
    return Signature.objects.count(), SignatureChain.objects.get(pk=1).last_seq


@pytest.mark.parametrize(("kind", "kwargs", "field", "fragment"), [
    ("officer", {"password": "wrong"}, "password", "密码：不正确"),
    ("officer", {"password": ""}, "password", "密码：不正确"),
    ("officer", {"signer_id": "officer_b", "password": PW}, "signer", "不是本次检查的执法人员"),
    ("officer", {"signer_id": "head_a", "password": PW}, "signer", "不是本次检查的执法人员"),
    ("refusal", {"name": "林志明"}, "witness", "必须记录见证人"),
    ("enterprise", {"statement": "属实"}, "name", "签收人姓名不能为空"),
    ("enterprise", {"name": "林志明"}, "statement", "签收意见或在屏幕上手写签名"),
    ("bogus", {}, "kind", "签名类型"),
])
def test_bad_signature_is_refused_and_nothing_is_written(cast, submitted, kind, kwargs, field,
                                                         fragment):
    if isinstance(kwargs.get("signer_id"), str):
        kwargs = {**kwargs, "signer_id": getattr(cast, kwargs["signer_id"]).pk}
    before = nothing_signed()
    with pytest.raises(ValidationFailed) as exc:
        inspection_sign(actor=cast.officer_a, inspection=submitted, kind=kind, **kwargs)
    assert fragment in exc.value.errors[field]
    assert nothing_signed() == before
    submitted.refresh_from_db()
    assert submitted.number == ""  # no document number issued for a refused signature


def test_an_officer_cannot_sign_twice_and_a_draft_cannot_be_signed(cast, record, submitted):
    inspection_sign(actor=cast.officer_a, inspection=submitted, kind="officer", password=PW)
    with pytest.raises(TransitionRefused, match="已在该记录上签名"):
        inspection_sign(actor=cast.officer_a, inspection=submitted, kind="officer", password=PW)
    draft = inspection_create(actor=cast.officer_a, data=record(), submit=False)
    with pytest.raises(TransitionRefused, match="尚未提交"):
        inspection_sign(actor=cast.officer_a, inspection=draft, kind="officer", password=PW)


def test_a_signed_record_cannot_change(cast, submitted, items):
    sign_all(cast, submitted)
    answer = Answer.objects.get(inspection=submitted, item=items[0])
    with pytest.raises(TransitionRefused, match="已签名，内容不能再修改"):
        answer_save(actor=cast.officer_a, inspection=submitted, item_id=items[0].pk,
                    result="noncompliant")
    with pytest.raises(TransitionRefused, match="已签名"):
        finding_add(actor=cast.officer_a, inspection=submitted, data={"description": "补充"})
    answer.refresh_from_db()
    assert answer.result == "compliant"
    assert submitted.findings.count() == 1


def test_a_correction_is_a_new_record_linked_to_the_signed_one(cast, record, submitted):
    sign_all(cast, submitted)
    correction = inspection_create(actor=cast.officer_a, data=record(
        corrects=submitted.pk, correction_reason="第18项情况记录笔误"))
    assert correction.corrects == submitted
    assert list(submitted.corrections.all()) == [correction]
    with pytest.raises(ValidationFailed) as exc:
        inspection_create(actor=cast.officer_a, data=record(corrects=submitted.pk))
    assert "更正理由" in exc.value.errors["correction_reason"]


def test_chain_verifies_and_the_command_reports_it(cast, submitted, record, capsys):
    sign_all(cast, submitted)
    other = inspection_create(actor=cast.officer_a, data=record())
    inspection_sign(actor=cast.officer_a2, inspection=other, kind="officer", password=PW)
    report = verify_chain()
    assert report.valid and report.checked == 4
    call_command("verify_signatures")
    assert "签名链完好：共 4 个签名" in capsys.readouterr().out


def test_changing_a_signed_record_behind_the_system_breaks_the_chain(cast, submitted, record):
    sign_all(cast, submitted)
    later = inspection_create(actor=cast.officer_a, data=record())
    inspection_sign(actor=cast.officer_a, inspection=later, kind="officer", password=PW)
    # Someone edits the finding directly in the database.
    Finding.objects.filter(inspection=submitted).update(description="无问题")
    report = verify_chain()
    assert not report.valid
    assert (report.broken_seq, report.inspection_id) == (1, submitted.pk)
    assert "被改动" in report.reason
    with pytest.raises(CommandError, match="第 1 号签名"):
        call_command("verify_signatures")


def test_editing_or_removing_a_signature_is_detected(cast, submitted):
    sign_all(cast, submitted)
    second = Signature.objects.get(seq=2)
    Signature.objects.filter(pk=second.pk).update(name="张冒名")
    report = verify_chain()
    assert not report.valid and report.broken_seq == 2
    Signature.objects.filter(pk=second.pk).update(name=second.name)
    assert verify_chain().valid
    Signature.objects.filter(seq=3).delete()
    report = verify_chain()
    assert not report.valid and "末尾签名被删除" in report.reason
    assert Inspection.objects.filter(pk=submitted.pk).exists()


def test_removing_a_middle_link_is_detected(cast, submitted):
    sign_all(cast, submitted)
    Signature.objects.filter(seq=2).delete()
    report = verify_chain()
    assert not report.valid and report.broken_seq == 3 and "缺少第 2 号签名" in report.reason
