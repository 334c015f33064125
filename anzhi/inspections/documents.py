"""The inspection's enforcement documents as ``anzhi.core.documents.Document`` specs.

Kinds (the URL names): ``record`` 现场检查记录, ``rectification-order`` 责令限期整改指令书,
``review-opinion`` 整改复查意见书, ``transfer-form`` 异地执法检查问题移交表 (columns as in the
attachment of the 百日攻坚 notice, seed 001). Numbers are issued when the record is first
signed (``anzhi.inspections.signing``); an unsigned record prints without a number.
"""

from django.utils import timezone

from anzhi.core import followups, numbering
from anzhi.core.documents import Document, Field, Paragraph, Signature, Table
from anzhi.core.errors import TransitionRefused
from anzhi.law import deadlines
from anzhi.regions.models import Region
from anzhi.registry.choices import PersonRole
from anzhi.registry.models import EnterprisePerson

from .checklists import version_items
from .choices import MemberKind, Mode, Result, SignatureKind
from .models import Disposition, Finding, Inspection
from .selectors import load_bundle
from .services import DOC_RECORD, DOC_RECTIFICATION, DOC_REVIEW

KINDS = {
    "record": "现场检查记录",
    "rectification-order": "责令限期整改指令书",
    "review-opinion": "整改复查意见书",
    "transfer-form": "异地执法检查问题移交表",
}
RESULT_LABELS = dict(Result.choices)


def _day(value) -> str:
    return f"{timezone.localtime(value):%Y年%m月%d日}" if value else ""


def _minute(value) -> str:
    return f"{timezone.localtime(value):%Y年%m月%d日%H时%M分}" if value else ""


def _number(kind: str, inspection: Inspection) -> str:
    doc = numbering.find(kind, inspection)
    return doc.number if doc else ""


def _period_text(name: str) -> str:
    try:
        return deadlines.PERIODS[name].text
    except KeyError:
        return ""


def _officer_signatures(bundle) -> tuple[Signature, ...]:
    signed = {s.signer_id: s for s in bundle.signatures if s.kind == SignatureKind.OFFICER}
    out = []
    for m in bundle.officers:
        s = signed.get(m.user_id)
        out.append(Signature(role=f"执法人员（执法证号 {m.certificate_number}）",
                             name=m.name if s else "",
                             date=_day(s.signed_at) if s else ""))
    return tuple(out)


def _party_signature(bundle, role: str) -> Signature:
    s = next((s for s in bundle.signatures if s.kind != SignatureKind.OFFICER), None)
    if s is None:
        return Signature(role=role)
    if s.kind == SignatureKind.REFUSAL:
        return Signature(role=role, name=f"拒绝签名（见证人：{s.witness}）",
                         date=_day(s.signed_at))
    return Signature(role=role, name=s.name, date=_day(s.signed_at))


def _principal(enterprise) -> str:
    p = (EnterprisePerson.objects.filter(enterprise=enterprise, is_current=True,
                                         role=PersonRole.PRINCIPAL).first())
    return p.name if p else ""


def _township(region: Region) -> str:
    while region is not None and region.level > Region.Level.TOWNSHIP:
        region = region.parent
    return region.name if region is not None else ""


def _dispositions_text(f: Finding) -> str:
    parts = []
    for d in f.disposition_list:
        text = followups.KIND_LABELS[d.kind]
        if d.deadline:
            text += f"（{d.deadline:%Y年%m月%d日}前）"
        if d.order_number:
            text += f"（{d.order_number}）"
        parts.append(text)
    return "；".join(parts)


def _team_names(bundle) -> str:
    return "、".join(f"{m.name}（{m.certificate_number}）" for m in bundle.officers)


def record(inspection: Inspection) -> Document:
    bundle = load_bundle(inspection)
    e = inspection.enterprise
    items = version_items(inspection.checklist_version_id) \
        if inspection.checklist_version_id else {}
    answers = {a.item_id: a for a in bundle.answers}
    fields = [
        Field("被检查单位", e.name), Field("统一社会信用代码", e.uscc),
        Field("地址", e.address), Field("主要负责人", _principal(e)),
        Field("检查场所", inspection.place or e.address),
        Field("检查时间", f"{_minute(inspection.started_at)}至{_minute(inspection.ended_at)}"),
        Field("检查方式", inspection.get_mode_display()),
        Field("执法机构", "、".join(a.name for a in bundle.agencies)),
        Field("执法人员", _team_names(bundle)),
    ]
    experts = [m.name for m in bundle.members if m.kind == MemberKind.EXPERT]
    if experts:
        fields.append(Field("专家", "、".join(experts)))
    if inspection.campaign_id:
        fields.append(Field("专项行动", str(inspection.campaign)))
    body: list = [Paragraph(
        f"我们是{inspection.agency.name}的执法人员{_team_names(bundle)}，已向你单位出示执法证件。"
        "现依法对你单位进行现场检查，请予以配合。")]
    if inspection.summary:
        body += [Paragraph("检查情况：", heading=True), Paragraph(inspection.summary)]
    if items:
        body.append(Paragraph(f"检查项目（{inspection.checklist_version}）：", heading=True))
        body.append(Table(("序号", "检查内容", "结果", "情况记录"), tuple(
            (str(i.seq), i.content, RESULT_LABELS.get(answers[i.pk].result, "")
             if i.pk in answers else "", answers[i.pk].note if i.pk in answers else "")
            for i in items.values())))
    body.append(Paragraph("发现的问题及处置：", heading=True))
    if bundle.findings:
        body.append(Table(("序号", "问题描述", "依据", "处置"), tuple(
            (str(f.seq), f.description + ("（重大事故隐患）" if f.is_major else ""),
             "；".join(x for x in (f.legal_basis, f.standard_basis) if x),
             _dispositions_text(f)) for f in bundle.findings)))
    else:
        body.append(Paragraph("未发现问题。"))
    footer = ""
    if inspection.corrects_id:
        footer = (f"本记录更正{inspection.corrects}，更正理由：{inspection.correction_reason}")
    return Document(
        title=KINDS["record"], number=_number(DOC_RECORD[0], inspection),
        issuer=inspection.agency.name, fields=tuple(fields), body=tuple(body),
        signatures=_officer_signatures(bundle) + (
            _party_signature(bundle, "被检查单位现场负责人"),),
        footer=footer, meta={"kind": "record", "inspection": inspection.pk})


def rectification_order(inspection: Inspection) -> Document:
    bundle = load_bundle(inspection)
    rows = [(f, d) for f in bundle.findings for d in f.disposition_list
            if d.kind == followups.RECTIFY_BY_DEADLINE]
    if not rows:
        raise TransitionRefused("该检查没有“责令限期整改”的处置，无需制作责令限期整改指令书")
    e = inspection.enterprise
    body = [Paragraph(f"{e.name}："),
            Paragraph(f"经查，你单位存在下列问题（见{inspection.number or '现场检查记录'}）：")]
    for n, (f, d) in enumerate(rows, start=1):
        basis = "；".join(x for x in (f.legal_basis, f.standard_basis) if x)
        body.append(Paragraph(f"{n}. {f.description}" + (f"（依据：{basis}）" if basis else "")
                              + f"，限于{d.deadline:%Y年%m月%d日}前整改完毕。"))
    body += [
        Paragraph("现责令你单位在上述期限内整改完毕，达到有关法律法规规章和标准规定的要求。"
                  "整改期间，你单位应当采取措施确保安全生产；安全不能保障的，应当从危险区域内"
                  "撤出作业人员。"),
    ]
    reconsideration, litigation = _period_text("reconsideration"), _period_text("litigation")
    if reconsideration and litigation:
        body.append(Paragraph(
            f"如果不服本指令，可以依法在{reconsideration}内申请行政复议，或者在{litigation}内"
            "依法向人民法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。"))
    return Document(
        title=KINDS["rectification-order"], number=_number(DOC_RECTIFICATION[0], inspection),
        issuer=inspection.agency.name, body=tuple(body),
        signatures=_officer_signatures(bundle) + (_party_signature(bundle, "被检查单位负责人"),),
        footer=f"{inspection.agency.name}（印章）　{_day(inspection.submitted_at)}",
        meta={"kind": "rectification-order", "inspection": inspection.pk})


def review_opinion(inspection: Inspection) -> Document:
    if inspection.mode != Mode.REVIEW:
        raise TransitionRefused("该检查不是复查，不能制作整改复查意见书")
    bundle = load_bundle(inspection)
    e = inspection.enterprise
    body = [Paragraph(f"{e.name}：")]
    if inspection.review_of_id:
        scheduled = inspection.review_of
        source = scheduled.source
        d = Disposition.objects.select_related("finding").get(pk=scheduled.disposition_id)
        order = _number(DOC_RECTIFICATION[0], source) or source.number or "现场检查记录"
        body.append(Paragraph(
            f"本机关于{_day(source.submitted_at)}作出{order}，责令你单位于"
            f"{d.deadline:%Y年%m月%d日}前整改“{d.finding.description}”。"))
    body.append(Paragraph(f"本机关于{_day(inspection.started_at)}进行了复查。"))
    open_findings = list(bundle.findings)
    if open_findings:
        body.append(Paragraph("经复查，下列问题仍未整改到位：", heading=True))
        body.append(Table(("序号", "问题描述", "处置"), tuple(
            (str(f.seq), f.description, _dispositions_text(f)) for f in open_findings)))
    else:
        body.append(Paragraph("经复查，上述问题已整改完毕，符合要求。"))
    return Document(
        title=KINDS["review-opinion"], number=_number(DOC_REVIEW[0], inspection),
        issuer=inspection.agency.name, body=tuple(body),
        signatures=_officer_signatures(bundle) + (_party_signature(bundle, "被复查单位负责人"),),
        meta={"kind": "review-opinion", "inspection": inspection.pk})


def transfer_form(inspection: Inspection) -> Document:
    if inspection.mode != Mode.CROSS_REGION:
        raise TransitionRefused("只有异地互查的检查才制作异地执法检查问题移交表")
    bundle = load_bundle(inspection)
    e = inspection.enterprise
    local = str(e.lead_agency) if e.lead_agency_id else ""
    raised = {m.user_id: m.name for m in bundle.members}
    rows = tuple(
        (str(f.seq), f.section, f.description, f.legal_basis, f.standard_basis,
         f.raised_by_name or raised.get(f.raised_by_id, ""), local, _dispositions_text(f))
        for f in bundle.findings)
    return Document(
        title=KINDS["transfer-form"], issuer=inspection.agency.name,
        fields=(Field("企业名称", e.name), Field("所在镇街", _township(e.region)),
                Field("企业地址", e.address), Field("检查时间", _day(inspection.started_at))),
        body=(Table(("序号", "所属检查项目", "问题描述", "法律依据", "标准依据", "问题提出人员",
                     "执法责任单位", "执法处置意见"), rows),
              Paragraph("执法处置意见：" + "、".join(followups.KIND_LABELS.values()))),
        signatures=(Signature(role="执法组人员", name="、".join(m.name for m in bundle.officers)),
                    Signature(role="属地配合人员")),
        meta={"kind": "transfer-form", "inspection": inspection.pk})


BUILDERS = {
    "record": record,
    "rectification-order": rectification_order,
    "review-opinion": review_opinion,
    "transfer-form": transfer_form,
}


def build(kind: str, inspection: Inspection) -> Document:
    return BUILDERS[kind](inspection)
