from django.db import models


class Source(models.TextChoices):
    INSPECTION = "inspection", "检查发现"
    HAZARD = "hazard", "隐患升级"
    COMPLAINT = "complaint", "举报投诉"
    REFERRAL = "referral", "移送来案"
    ACCIDENT = "accident", "事故调查"
    OTHER = "other", "其他"


class Procedure(models.TextChoices):
    SIMPLE = "simple", "简易程序"
    ORDINARY = "ordinary", "普通程序"


class Status(models.TextChoices):
    SIMPLE = "simple", "当场处罚"
    FILING = "filing", "立案审批"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    REVIEW = "review", "案件审理"
    NOTIFIED = "notified", "告知"
    HEARING = "hearing", "听证"
    HEARD = "heard", "听证结束"
    DISCUSSION = "discussion", "集体讨论"
    DECIDED = "decided", "已决定"
    SERVED = "served", "已送达"
    EXECUTING = "executing", "执行"
    ENFORCING = "enforcing", "申请强制执行"
    CLOSED = "closed", "结案"
    ARCHIVED = "archived", "归档"
    REVOKED = "revoked", "撤销立案"
    TRANSFERRED = "transferred", "已移送"


OPEN_STATUSES = {
    Status.SIMPLE, Status.FILING, Status.INVESTIGATING, Status.REVIEW, Status.NOTIFIED,
    Status.HEARING, Status.HEARD, Status.DISCUSSION, Status.DECIDED, Status.SERVED,
    Status.EXECUTING, Status.ENFORCING,
}


class PartyKind(models.TextChoices):
    """Keys of anzhi.law.statutes.parties()."""

    UNIT = "unit", "生产经营单位"
    PRINCIPAL = "principal", "主要负责人"
    PERSON = "person", "直接负责的主管人员和其他直接责任人员"
    MANAGER = "manager", "其他负责人和安全生产管理人员"
    INVESTOR = "investor", "个人经营的投资人"


class EvidenceKind(models.TextChoices):
    """The kinds of 行政处罚法 Art 46 (行政诉讼法 Art 33), in the statute's order, then the
    values stored before that alignment: 询问笔录 is how 证人证言 and 当事人的陈述 are taken
    down (the system writes its text, documents.record), 照片 predates 物证/视听资料."""

    DOCUMENT = "document", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    STATEMENT = "statement", "当事人的陈述"
    EXPERT = "expert", "鉴定意见"
    SCENE = "scene", "勘验笔录"
    ONSITE = "onsite", "现场笔录"
    INQUIRY = "inquiry", "询问笔录"
    PHOTO = "photo", "照片"
    OTHER = "other", "其他"


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"


class DeadlineState(models.TextChoices):
    RUNNING = "running", "计时中"
    MET = "met", "已履行"
    MISSED = "missed", "已超期"
    SUSPENDED = "suspended", "中止计时"


class Obligor(models.TextChoices):
    AGENCY = "agency", "执法机关"
    PARTY = "party", "当事人"


class SuspensionKind(models.TextChoices):
    HEARING = "hearing", "听证"
    APPRAISAL = "appraisal", "检测、检验、鉴定"
    ACCIDENT = "accident", "事故调查"
    OTHER = "other", "其他法定事由"


class ArrangementKind(models.TextChoices):
    DEFERRAL = "deferral", "暂缓缴纳"
    INSTALMENT = "instalment", "分期缴纳"


class ProceedingKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class Outcome(models.TextChoices):
    PENDING = "", "审理中"
    UPHELD = "upheld", "维持"
    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    UNLAWFUL = "unlawful", "确认违法"
    DISMISSED = "dismissed", "驳回"


# Outcomes that count against 零撤销零败诉 and withdraw the published decision (行政处罚法 Art 48).
ADVERSE_OUTCOMES = {Outcome.REVOKED, Outcome.CHANGED, Outcome.UNLAWFUL}


class ReferralKind(models.TextChoices):
    JUDICIAL = "judicial", "移送司法机关"
    AGENCY = "agency", "移交其他部门"
    JURISDICTION = "jurisdiction", "移送有管辖权的机关"


class Direction(models.TextChoices):
    OUTGOING = "out", "移出"
    INCOMING = "in", "移入"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "已移送"
    ACCEPTED = "accepted", "已受理"
    FILED = "filed", "已立案"
    PROSECUTED = "prosecuted", "已起诉"
    JUDGED = "judged", "已判决"
    REJECTED = "rejected", "不予受理/不予立案"
    RECEIVED = "received", "已签收"
    RESPONDED = "responded", "已回复"
    OPENED = "opened", "已立案查处"
    INSPECTION = "inspection", "转检查核实"


# Stages each referral kind passes, in order; REJECTED may end a judicial referral early.
JUDICIAL_FLOW = [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.FILED,
                 ReferralStatus.PROSECUTED, ReferralStatus.JUDGED]
AGENCY_FLOW = [ReferralStatus.SENT, ReferralStatus.RECEIVED, ReferralStatus.RESPONDED]
