"""The case's enforcement documents (执法文书) as anzhi.core.documents specs, and the case file
(案卷) assembled in order with a cover and a table of contents.

Numbers are issued by the services (anzhi.core.numbering) in the step that makes the document;
here they are only looked up.
"""

from __future__ import annotations

from decimal import Decimal

from django.template.defaultfilters import filesizeformat

from anzhi.core import numbering
from anzhi.core.documents import Document, Field, Paragraph, Signature, Table
from anzhi.core.models import IssuedDocument
from anzhi.law import statutes
from anzhi.registry.choices import PersonRole

from . import privacy
from .choices import DecisionKind, EvidenceKind, Procedure
from .models import Evidence, PenaltyCase, PenaltyLine, Referral

TITLES = {
    "case_filing": "立案审批表",
    "inquiry_record": "询问笔录",
    "scene_record": "勘验笔录",
    "penalty_notice": "行政处罚告知书",
    "hearing_notice": "听证告知书",
    "penalty_decision": "行政处罚决定书",
    "service_receipt": "送达回执",
    "case_closing": "结案审批表",
    "case_transfer": "案件移送书",
}


def _number(kind: str, obj) -> str:
    issued = numbering.find(kind, obj)
    return issued.number if issued else ""


NOTICE_KINDS = ("penalty_notice", "hearing_notice")


def current_notice(case: PenaltyCase) -> dict[str, str]:
    """Kind → number of the notices of the case's latest 告知. The first notice is numbered
    on the case; a fresh one after the charges changed on its own notify step (a number is
    issued once per object), and it replaces both documents of the old one."""
    def issued(obj) -> dict[str, str]:
        return dict(IssuedDocument.objects.filter(
            kind__in=NOTICE_KINDS, object_type=obj._meta.label_lower, object_id=str(obj.pk))
            .values_list("kind", "number"))

    last = case.transitions.filter(action="notify").order_by("-id").first()
    return (issued(last) if last is not None else {}) or issued(case)


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　月　日"


def _yuan(amount) -> str:
    return f"{Decimal(amount):,.2f}元"


def _principal(case: PenaltyCase) -> str:
    person = case.enterprise.people.filter(is_current=True, role__in=[
        PersonRole.LEGAL_REPRESENTATIVE, PersonRole.PRINCIPAL]).first()
    return person.name if person else ""


def _party_fields(case: PenaltyCase) -> tuple[Field, ...]:
    e = case.enterprise
    return (Field("当事人", e.name), Field("统一社会信用代码", e.uscc),
            Field("地址", e.address or "—"),
            Field("法定代表人（主要负责人）", _principal(case) or "—"))


def _officers(case: PenaltyCase) -> list:
    return list(case.officers.all())


def _officer_signatures(case: PenaltyCase, day) -> tuple[Signature, ...]:
    return tuple(Signature("承办人", o.display_name, _date(day)) for o in _officers(case)[:2])


def _violations_table(case: PenaltyCase) -> Table:
    return Table(("违法行为", "法律依据", "违法事实"), tuple(
        (v.title, v.citation, v.facts or "—") for v in case.violations.active()))


def _found(case: PenaltyCase, evidence=None) -> str:
    return (f"经查，{case.facts or case.title}。以上事实有"
            f"{_evidence_text(case.evidence.all() if evidence is None else evidence)}等证据为证。")


def _evidence_text(evidence) -> str:
    names = [f"{e.get_kind_display()}《{e.title}》" for e in evidence]
    return "、".join(names) or "相关证据"


def filing(case: PenaltyCase) -> Document:
    head = case.transitions.filter(action="approve_filing").select_related("actor").first()
    return Document(
        title=TITLES["case_filing"], number=_number("case_filing", case),
        issuer=case.agency.name,
        fields=(Field("案件来源", f"{case.get_source_type_display()} {case.source_label}".strip()),
                Field("案由", case.title), *_party_fields(case),
                Field("承办人员", "、".join(o.display_name for o in _officers(case)))),
        body=(Paragraph("简要案情", heading=True), Paragraph(case.facts or "—"),
              _violations_table(case),
              Paragraph("审批意见：同意立案。" if head else "审批意见：")),
        signatures=(*_officer_signatures(case, case.created_at.date()),
                    Signature("审批人", head.actor.display_name if head else "",
                              _date(case.filed_on))),
    )


def record(evidence: Evidence) -> Document:
    case = evidence.case
    kind = "inquiry_record" if evidence.kind == EvidenceKind.INQUIRY else "scene_record"
    who = "询问人" if kind == "inquiry_record" else "勘验人"
    return Document(
        title=TITLES[kind], issuer=case.agency.name,
        fields=(Field("案号", case.number), Field("案由", case.title),
                Field("时间", _date(evidence.collected_on)),
                Field(who, "、".join(o.display_name for o in _officers(case)[:2])),
                Field("记录人", evidence.collected_by.display_name),
                Field("名称", evidence.title)),
        body=tuple(Paragraph(line) for line in (evidence.content or "—").splitlines()),
        signatures=(Signature("被询问人（见证人）"),
                    Signature(who, evidence.collected_by.display_name,
                              _date(evidence.collected_on))),
    )


def _proposal_rows(case: PenaltyCase) -> tuple[tuple[str, ...], ...]:
    parties = {p.pk: p for p in case.parties.active()}
    violations = {v.pk: v for v in case.violations.active()}
    return tuple((parties[p["party"]].name, violations[p["violation"]].citation,
                  _yuan(p["amount"])) for p in case.proposal or []
                 if p["party"] in parties and p["violation"] in violations)


def notice(case: PenaltyCase) -> Document:
    body = [
        Paragraph(f"{case.enterprise.name}："),
        # The evidence the notice told of: what was stored after it waits for a fresh one.
        Paragraph(_found(case, privacy.evidence_as_notified(case))),
        _violations_table(case),
        Paragraph("本机关拟作出如下行政处罚："),
        Table(("当事人", "依据", "拟罚款"), _proposal_rows(case)),
    ]
    if case.measures:
        body.append(Paragraph(f"其他处理：{case.measures}。"))
    body.append(Paragraph("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权"
                          "进行陈述和申辩；本机关不因你（单位）陈述、申辩而加重处罚。"))
    if case.hearing_right:
        row = case.deadlines.filter(name="hearing_request").first()
        due = _date(row.due) if row and row.due else "收到本告知书之日起五个工作日内"
        body.append(Paragraph(f"根据第六十三条、第六十四条的规定，你（单位）有权要求听证，应当在{due}"
                              "前提出；逾期视为放弃。"))
    return Document(title=TITLES["penalty_notice"],
                    number=current_notice(case).get("penalty_notice", ""),
                    issuer=case.agency.name, fields=(Field("案号", case.number),),
                    body=tuple(body),
                    signatures=(Signature(case.agency.name, "（印章）", _date(case.notified_on)),
                                Signature("当事人签收")))


def hearing_notice(case: PenaltyCase) -> Document:
    reasons = "；".join(case.hearing_reasons)
    row = case.deadlines.filter(name="hearing_request").first()
    due = _date(row.due) if row and row.due else "收到本告知书之日起五个工作日内"
    return Document(
        title=TITLES["hearing_notice"], number=current_notice(case).get("hearing_notice", ""),
        issuer=case.agency.name, fields=(Field("案号", case.number),),
        body=(Paragraph(f"{case.enterprise.name}："),
              Paragraph(f"本机关拟对你（单位）作出行政处罚，依法享有听证权利（{reasons}）。"),
              Paragraph(f"如要求听证，请于{due}前向本机关提出；本机关将在举行听证七日前通知听证的"
                        "时间、地点；听证不收取费用（行政处罚法第六十三条、第六十四条）。")),
        signatures=(Signature(case.agency.name, "（印章）", _date(case.notified_on)),
                    Signature("当事人签收")),
    )


def decision(case: PenaltyCase) -> Document:
    simple = case.procedure == Procedure.SIMPLE
    lines = list(case.lines.select_related("party", "violation"))
    body = [Paragraph(f"{case.enterprise.name}："),
            Paragraph(_found(case)),
            _violations_table(case)]
    if case.decision_kind == DecisionKind.NO_PENALTY:
        body.append(Paragraph("根据《中华人民共和国行政处罚法》第三十三条的规定，本机关决定不予行政处罚。"))
    else:
        body.append(Paragraph("本机关决定给予如下行政处罚："))
        body.append(Table(("当事人", "依据", "裁量档次", "罚款"), tuple(
            (ln.party.name, ln.violation.citation, ln.level, _yuan(ln.amount)) for ln in lines)))
        for ln in lines:
            for reason in _printed_reasons(ln):
                body.append(Paragraph(f"裁量理由：{reason}"))
            if ln.deviation_reason:
                body.append(Paragraph(f"未采纳建议档次的理由：{ln.deviation_reason}"))
        if case.measures:
            body.append(Paragraph(f"其他处理：{case.measures}。"))
        body.append(Paragraph(
            f"罚款合计{_yuan(case.fine_total)}，限于收到本决定书之日起十五日内缴至指定银行（行政处罚法"
            "第六十七条）；到期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款数额"
            "（第七十二条）。"))
    body.append(Paragraph("如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内"
                          "依法向人民法院提起行政诉讼。"))
    sigs = (Signature("执法人员", "、".join(o.display_name for o in _officers(case)[:2]),
                      _date(case.decided_on)),) if simple else (
        Signature(case.agency.name, "（印章）", _date(case.decided_on)),)
    return Document(
        title="当场行政处罚决定书" if simple else TITLES["penalty_decision"],
        number=case.decision_number, issuer=case.agency.name,
        fields=(Field("案号", case.number or case.decision_number), *_party_fields(case)),
        body=tuple(body), signatures=(*sigs, Signature("当事人签收", "", _date(case.served_on))))


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _printed_reasons(line: PenaltyLine) -> list[str]:
    """The discretion reasons as the decision prints them. For a fine set as a share of a
    person's income (安全生产法 Art 95, 96, 110; 条例 Art 36) the basis is the article and the
    share: Art 59 of 行政处罚法 asks for the facts, the basis and the penalty, not the income
    itself, and the decision is served on the unit and published (Art 48; 安全生产法 Art 78),
    so the person's income stays in the case file and off the document."""
    reasons = list(line.recommendation_reasons)
    v = line.violation
    entry = statutes.get(line.entry_id)
    flags = {"overdue": v.overdue, "accident": v.accident}
    if not reasons or not statutes.is_income_based(entry, party=line.party_kind, **flags):
        return reasons
    low, high = statutes.income_shares_of(entry, party=line.party_kind, **flags)
    share = _percent(low) if low == high else f"{_percent(low)}至{_percent(high)}"
    grade = f"事故等级为{entry.grade}，" if entry.grade else ""
    label = statutes.parties().get(line.party_kind, line.party_kind)
    # Later reasons may quote the bounds (顶格, 减轻), which are share × income as well.
    figures = {f"{line.statutory_min}元": f"上一年年收入的{_percent(low)}",
               f"{line.statutory_max}元": f"上一年年收入的{_percent(high)}"}
    rest = []
    for reason in reasons[1:]:
        for figure, words in figures.items():
            reason = reason.replace(figure, words)
        rest.append(reason)
    # The first reason is the range computed on the income (anzhi.law.discretion.recommend).
    return [f"依据{entry.citation}，{grade}对{label}处上一年年收入{share}的罚款。", *rest]


def service_receipt(case: PenaltyCase) -> Document:
    docs = [(TITLES["penalty_decision"], case.decision_number)]
    return Document(
        title=TITLES["service_receipt"], issuer=case.agency.name,
        fields=(Field("案号", case.number or case.decision_number),
                Field("受送达人", case.enterprise.name),
                Field("送达地点", case.enterprise.address or "—")),
        body=(Table(("送达文书", "文号", "送达方式", "送达日期"), tuple(
            (t, n, "直接送达", _date(case.served_on)) for t, n in docs)),),
        signatures=(Signature("受送达人"), *(_officer_signatures(case, case.served_on))))


def closing(case: PenaltyCase) -> Document:
    paid = f"已缴纳罚款{_yuan(case.paid_principal)}，加处罚款{_yuan(case.paid_late_fee)}"
    if case.enforcement_applied_on:
        paid += f"；{_date(case.enforcement_applied_on)}已申请{case.enforcement_court}强制执行"
    head = case.transitions.filter(action="close").select_related("actor").first()
    return Document(
        title=TITLES["case_closing"], number=_number("case_closing", case),
        issuer=case.agency.name,
        fields=(Field("案号", case.number), Field("案由", case.title), *_party_fields(case),
                Field("处罚决定", f"{case.decision_number} {case.get_decision_kind_display()}，"
                               f"罚款{_yuan(case.fine_total)}"),
                Field("执行情况", paid),
                Field("移送司法决定", case.get_referral_decision_display() or "不涉嫌犯罪")),
        body=(Paragraph("结案意见：处罚决定已执行完毕，同意结案。"),),
        signatures=(*_officer_signatures(case, case.closed_on),
                    Signature("审批人", head.actor.display_name if head else "",
                              _date(case.closed_on))))


def transfer(referral: Referral) -> Document:
    return Document(
        title=TITLES["case_transfer"], number=referral.number, issuer=referral.agency.name,
        fields=(Field("接收机关", referral.counterpart),
                Field("涉及单位", referral.enterprise.name),
                Field("移送类型", referral.get_kind_display())),
        body=(Paragraph(f"{referral.counterpart}："),
              Paragraph(f"本机关在执法中发现：{referral.facts}"),
              *((Paragraph(f"涉嫌罪名：{'、'.join(referral.crimes)}。根据《行政执法机关移送涉嫌犯罪案件"
                           "的规定》，现将该案移送你单位，请依法处理并书面告知处理结果。"),)
                if referral.crimes else
                (Paragraph("上述事项不属于本机关职权范围，现移交你单位依法处理，请于"
                           f"{_date(referral.response_due)}前书面回复处理情况。"),)),
              Paragraph(f"附件：{'案卷材料一宗' if referral.case_id else '相关材料'}")),
        signatures=(Signature(referral.agency.name, "（印章）", _date(referral.sent_on)),
                    Signature("接收人签收")))


def build(case: PenaltyCase, kind: str) -> Document | None:
    """The document of ``kind`` for the case, or None if the case has not reached it."""
    if kind == "case_filing" and _number(kind, case):
        return filing(case)
    if kind in NOTICE_KINDS and kind in current_notice(case):
        return notice(case) if kind == "penalty_notice" else hearing_notice(case)
    if kind == "penalty_decision" and case.decision_number:
        return decision(case)
    if kind == "service_receipt" and case.decided_on:
        return service_receipt(case)
    if kind == "case_closing" and _number(kind, case):
        return closing(case)
    return None


def _attachment(evidence) -> str:
    """The file as the officer uploaded it, for a reviewer to match the 案卷 to the bytes."""
    if not evidence.file:
        return "—"
    size = f"（{filesizeformat(evidence.size)}）" if evidence.size is not None else ""
    return f"{evidence.file_name or '附件'}{size}"


def case_file(case: PenaltyCase) -> Document:
    """案卷: cover, table of contents, then every document in procedural order."""
    docs: list[Document] = []
    for kind in ("case_filing",):
        d = build(case, kind)
        if d:
            docs.append(d)
    for ev in case.evidence.filter(kind__in=[EvidenceKind.INQUIRY, EvidenceKind.SCENE]):
        docs.append(record(ev))
    for kind in ("penalty_notice", "hearing_notice", "penalty_decision", "service_receipt",
                 "case_closing"):
        d = build(case, kind)
        if d:
            docs.append(d)
    for referral in case.referrals.all():
        docs.append(transfer(referral))
    toc = Table(("序号", "文书名称", "文号", "日期"), tuple(
        (str(i), d.title, d.number or "—", next((s.date for s in d.signatures if s.date), ""))
        for i, d in enumerate(docs, 1)))
    evidence = Table(("序号", "证据种类", "名称", "取证日期", "附件"), tuple(
        (str(i), e.get_kind_display(), e.title, _date(e.collected_on), _attachment(e))
        for i, e in enumerate(case.evidence.all(), 1)))
    body: list = [Paragraph("卷内文书目录", heading=True), toc,
                  Paragraph("证据目录", heading=True), evidence]
    for d in docs:
        body.append(Paragraph(f"【{d.title}】", heading=True))
        if d.number:
            body.append(Paragraph(d.number))
        body += [Paragraph(f"{f.label}：{f.value}") for f in d.fields]
        body += list(d.body)
        body += [Paragraph(f"{s.role}（签名）：{s.name}　{s.date}") for s in d.signatures]
    return Document(
        title="行政处罚案卷", number=case.number, issuer=case.agency.name,
        fields=(Field("案由", case.title), Field("当事人", case.enterprise.name),
                Field("承办机关", case.agency.name), Field("立案日期", _date(case.filed_on)),
                Field("结案日期", _date(case.closed_on)),
                Field("处罚决定书文号", case.decision_number or "—"),
                Field("保管期限", "长期")),
        body=tuple(body), footer=f"共 {len(docs)} 份文书")
