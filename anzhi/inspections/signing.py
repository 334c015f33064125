"""Signatures on inspection records and the tamper-evident chain.

"谁检查、谁签名、谁负责": every officer on the record signs by re-entering their password;
the enterprise's representative acknowledges on the phone screen (typed or drawn), or the
refusal is recorded with a witness. All signatures of the system form one chain:

    hash = SHA-256(previous hash + canonical JSON of {record content, signature})

where the record content is rebuilt from the database. Changing a signed record, a
signature, or removing a link makes ``verify_chain`` report the first broken link.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from anzhi.accounts.models import User
from anzhi.accounts.scoping import restrict
from anzhi.core import audit, followups, numbering
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed

from . import review_results
from .choices import Mode, SignatureKind, Status
from .models import Inspection, Signature, SignatureChain
from .selectors import Bundle, load_bundle
from .services import (
    DOC_RECORD,
    DOC_RECTIFICATION,
    DOC_REVIEW,
    _on_team_or_admin,
    _text,
    _transition,
)

GENESIS = "0" * 64


def _ts(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _dec(value) -> str | None:
    return None if value is None else f"{value:.6f}"


def record_content(inspection: Inspection, bundle: Bundle) -> dict:
    """What an officer signs: the record as stored, in a stable shape."""
    enterprise = inspection.enterprise
    return {
        "id": inspection.pk,
        "number": inspection.number,
        "enterprise": {"id": enterprise.pk, "name": enterprise.name, "uscc": enterprise.uscc},
        "agency": inspection.agency_id,
        "agencies": sorted(a.pk for a in bundle.agencies),
        "mode": inspection.mode,
        "started_at": _ts(inspection.started_at),
        "ended_at": _ts(inspection.ended_at),
        "latitude": _dec(inspection.latitude),
        "longitude": _dec(inspection.longitude),
        "place": inspection.place,
        "summary": inspection.summary,
        "campaign": inspection.campaign_id,
        "draw_id": inspection.draw_id,
        "plan_id": inspection.plan_id,
        "checklist_version": inspection.checklist_version_id,
        "corrects": inspection.corrects_id,
        "correction_reason": inspection.correction_reason,
        "review_of": inspection.review_of_id,
        "members": sorted([m.kind, m.user_id or 0, m.name, m.organisation, m.certificate_number]
                          for m in bundle.members),
        "answers": sorted([a.item_id, a.result, a.note] for a in bundle.answers),
        "photos": sorted([p.item_id or 0, p.finding_id or 0, p.sha256] for p in bundle.photos),
        "findings": [
            [f.seq, f.item_id, f.section, f.description, f.legal_basis, f.standard_basis,
             f.statute_entry, f.is_major, f.raised_by_id, f.raised_by_name,
             [[d.kind, d.deadline.isoformat() if d.deadline else None, d.note, d.order_number]
              for d in f.disposition_list]]
            for f in sorted(bundle.findings, key=lambda f: f.seq)
        ],
    }


def signature_content(sig: Signature) -> dict:
    return {
        "seq": sig.seq, "inspection": sig.inspection_id, "kind": sig.kind,
        "signer": sig.signer_id, "name": sig.name, "statement": sig.statement,
        "drawing_sha256": hashlib.sha256(sig.drawing.encode("utf-8")).hexdigest(),
        "witness": sig.witness, "recorded_by": sig.recorded_by_id,
        "signed_at": _ts(sig.signed_at),
    }


def canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def link_hash(prev_hash: str, record: dict, sig: Signature) -> str:
    payload = canonical({"record": record, "signature": signature_content(sig)})
    return hashlib.sha256(prev_hash.encode("ascii") + payload).hexdigest()


def _issue_numbers(actor: User, inspection: Inspection, bundle: Bundle) -> None:
    """The record's documents get their numbers when the record is first signed."""
    year = timezone.localdate().year
    kinds = [DOC_RECORD]
    if any(d.kind == followups.RECTIFY_BY_DEADLINE
           for f in bundle.findings for d in f.disposition_list):
        kinds.append(DOC_RECTIFICATION)
    if inspection.mode == Mode.REVIEW:
        kinds.append(DOC_REVIEW)
    for kind, _title, abbreviation in kinds:
        doc = numbering.issue(agency=inspection.agency, kind=kind, abbreviation=abbreviation,
                              year=year, obj=inspection, actor=actor)
        if kind == DOC_RECORD[0]:
            inspection.number = doc.number
    inspection.save(update_fields=["number"])


@transaction.atomic
def inspection_sign(*, actor: User, inspection: Inspection, kind: str,
                    signer_id: int | None = None, password: str = "", name: str = "",
                    statement: str = "", drawing: str = "", witness: str = "") -> Signature:
    inspection = (restrict(Inspection.objects, actor, "change", enterprise_path="enterprise")
                  .select_for_update().select_related("enterprise")
                  .filter(pk=inspection.pk).first())
    if inspection is None or not _on_team_or_admin(actor, inspection):
        raise NotAllowed("无权为该检查记录办理签名")
    if inspection.status == Status.DRAFT:
        raise TransitionRefused("检查记录尚未提交，不能签名")
    bundle = load_bundle(inspection)
    signed_users = {s.signer_id for s in bundle.signatures if s.signer_id}
    errors: dict[str, str] = {}
    sig = Signature(inspection=inspection, kind=kind, recorded_by=actor)
    if kind == SignatureKind.OFFICER:
        signer_id = signer_id or actor.pk
        member = next((m for m in bundle.officers if m.user_id == signer_id), None)
        if member is None:
            errors["signer"] = "签名人：不是本次检查的执法人员，不能在记录上签名"
        elif signer_id in signed_users:
            raise TransitionRefused(f"{member.name}已在该记录上签名")
        else:
            user = User.objects.get(pk=signer_id)
            if not password or not user.check_password(password):
                errors["password"] = "密码：不正确（签名须由执法人员本人重新输入登录密码）"
            sig.signer, sig.name = user, member.name
    elif kind in (SignatureKind.ENTERPRISE, SignatureKind.REFUSAL):
        if any(s.kind != SignatureKind.OFFICER for s in bundle.signatures):
            raise TransitionRefused("被检查单位已签收或已记录拒签")
        sig.name = _text(name)[:50]
        sig.statement = _text(statement)[:2000]
        sig.drawing = (drawing or "")[:400_000]
        sig.witness = _text(witness)[:50]
        if kind == SignatureKind.ENTERPRISE:
            if not sig.name:
                errors["name"] = "姓名：签收人姓名不能为空"
            if not sig.statement and not sig.drawing:
                errors["statement"] = "签收意见：请输入签收意见或在屏幕上手写签名"
            if sig.drawing and not sig.drawing.startswith("data:image/png;base64,"):
                errors["drawing"] = "手写签名：格式不正确"
        elif not sig.witness:
            errors["witness"] = "见证人：被检查单位拒绝签名时必须记录见证人"
    else:
        errors["kind"] = "签名类型：应为执法人员签名、被检查单位签收或拒签"
    if errors:
        raise ValidationFailed(errors)

    if not bundle.signatures:
        _issue_numbers(actor, inspection, bundle)
    head = SignatureChain.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = SignatureChain.objects.create(pk=1)
        head = SignatureChain.objects.select_for_update().get(pk=1)
    sig.seq = head.last_seq + 1
    sig.prev_hash = head.last_hash
    sig.signed_at = timezone.now()
    sig.hash = link_hash(sig.prev_hash, record_content(inspection, bundle), sig)
    sig.save()
    head.last_seq, head.last_hash = sig.seq, sig.hash
    head.save(update_fields=["last_seq", "last_hash"])
    bundle.signatures.append(sig)
    audit.record(actor=actor, action="inspection.sign", obj=inspection,
                 changes={"signature": [None, f"{sig.get_kind_display()} {sig.name}"],
                          "hash": [None, sig.hash]})
    officers = {m.user_id for m in bundle.officers}
    signed = {s.signer_id for s in bundle.signatures if s.kind == SignatureKind.OFFICER}
    party = any(s.kind != SignatureKind.OFFICER for s in bundle.signatures)
    if officers <= signed and party and inspection.status == Status.SUBMITTED:
        _transition(inspection, actor, Status.SIGNED, "签名完成")
        inspection.save(update_fields=["status"])
        review_results.report(actor, inspection, bundle)
    return sig


@dataclass
class ChainReport:
    valid: bool
    checked: int
    broken_seq: int | None = None
    signature_id: int | None = None
    inspection_id: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Walk the whole chain from the first signature; report the first broken link."""
    prev, expected, checked = GENESIS, 1, 0
    records: dict[int, dict] = {}
    for sig in Signature.objects.order_by("seq").iterator(chunk_size=500):
        def broken(reason: str, sig=sig, checked=checked) -> ChainReport:
            return ChainReport(False, checked, sig.seq, sig.pk, sig.inspection_id, reason)

        if sig.seq != expected:
            return broken(f"缺少第 {expected} 号签名（链条断开）")
        if sig.prev_hash != prev:
            return broken("前一签名的哈希不符（签名被删除、插入或改动）")
        if sig.inspection_id not in records:
            inspection = Inspection.objects.select_related("enterprise").get(
                pk=sig.inspection_id)
            records[sig.inspection_id] = record_content(inspection, load_bundle(inspection))
        if link_hash(prev, records[sig.inspection_id], sig) != sig.hash:
            return broken("签名内容或所签检查记录在签名后被改动")
        prev, expected, checked = sig.hash, expected + 1, checked + 1
    head = SignatureChain.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != prev):
        return ChainReport(False, checked, checked + 1, None, None,
                           "链尾与登记的最新签名不符（末尾签名被删除）")
    return ChainReport(True, checked)
