"""Administrative penalty cases (行政处罚案件), their legal clocks and referrals (两法衔接).

The source of a case (a finding, a hazard, a complaint …) is stored as type, id and label,
without a foreign key, so this app does not depend on the apps that feed it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import (
    ArrangementKind,
    DeadlineState,
    DecisionKind,
    Direction,
    EvidenceKind,
    Obligor,
    Outcome,
    PartyKind,
    Procedure,
    ProceedingKind,
    ReferralKind,
    ReferralStatus,
    Source,
    Status,
    SuspensionKind,
)

USER = settings.AUTH_USER_MODEL
ZERO = Decimal("0")


class Accident(models.Model):
    """生产安全事故 — enough of it to grade it (条例 Art 3) and link cases to it."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="事故单位",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    occurred_on = models.DateField("发生日期")
    description = models.TextField("事故概况", blank=True)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    serious_injuries = models.PositiveIntegerField("重伤人数（含急性工业中毒）", default=0)
    direct_loss = models.DecimalField("直接经济损失（元）", max_digits=14, decimal_places=2,
                                      default=ZERO)
    grade = models.CharField("事故等级", max_length=10)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "生产安全事故"
        verbose_name_plural = verbose_name
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.enterprise} {self.grade}"


class PenaltyCase(models.Model):
    number = models.CharField("案号", max_length=80, blank=True, db_index=True)
    title = models.CharField("案由", max_length=200)
    agency = models.ForeignKey("accounts.Agency", verbose_name="承办机关",
                               on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="当事人（单位）",
                                   on_delete=models.PROTECT, related_name="+")
    # Copy of the enterprise's region when the case was opened: jurisdiction scoping is a
    # range scan on this column (anzhi.accounts.scoping rules, applied in selectors.scope_q).
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT,
                               related_name="+")
    procedure = models.CharField("程序", max_length=10, choices=Procedure.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    source_type = models.CharField("案件来源", max_length=12, choices=Source.choices)
    source_id = models.BigIntegerField("来源记录编号", null=True, blank=True)
    source_label = models.CharField("来源说明", max_length=200, blank=True)
    accident = models.ForeignKey(Accident, verbose_name="关联事故", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="cases")
    facts = models.TextField("违法事实", blank=True)
    crime_facts = models.JSONField("涉罪事实要素", default=dict, blank=True,
                                   help_text="anzhi.law.crimes.Facts 的字段")
    is_serious = models.BooleanField("重大复杂案件（须集体讨论）", default=False)
    officers = models.ManyToManyField(USER, verbose_name="承办人员", related_name="+",
                                      blank=True)

    filed_on = models.DateField("立案日期", null=True, blank=True)
    decision_extension = models.CharField("办案期限延长", max_length=12, blank=True)
    notified_on = models.DateField("告知日期", null=True, blank=True)
    # Set when the charges change after the notice (行政处罚法 Art 44, 62): the case is back in
    # 案件审理 until a fresh notice clears it.
    notice_stale_on = models.DateField("原告知失效日期", null=True, blank=True)
    notice_stale_reason = models.TextField("原告知失效原因", blank=True)
    hearing_right = models.BooleanField("享有听证权", default=False)
    hearing_reasons = models.JSONField("听证权依据", default=list, blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_waived = models.BooleanField("放弃陈述申辩和听证", default=False)
    proposal = models.JSONField("拟处罚内容", default=list, blank=True)
    heard_on = models.DateField("听证日期", null=True, blank=True)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    discussion_minutes = models.TextField("集体讨论记录", blank=True)

    decision_kind = models.CharField("决定类型", max_length=12, choices=DecisionKind.choices,
                                     blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(USER, verbose_name="决定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField("决定书文号", max_length=80, blank=True)
    measures = models.TextField("其他处理", blank=True)
    fine_total = models.DecimalField("罚款合计（元）", max_digits=14, decimal_places=2,
                                     default=ZERO)
    paid_principal = models.DecimalField("已缴罚款（元）", max_digits=14, decimal_places=2,
                                         default=ZERO)
    paid_late_fee = models.DecimalField("已缴加处罚款（元）", max_digits=14, decimal_places=2,
                                        default=ZERO)
    late_fee_assessed = models.DecimalField("已确定的加处罚款（元）", max_digits=14,
                                            decimal_places=2, default=ZERO)
    served_on = models.DateField("送达日期", null=True, blank=True)
    payment_due = models.DateField("缴款期限", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    publication_withdrawn_on = models.DateField("撤回公开日期", null=True, blank=True)
    decision_revoked = models.BooleanField("决定已被撤销", default=False)
    enforcement_applied_on = models.DateField("申请强制执行日期", null=True, blank=True)
    enforcement_court = models.CharField("申请执行法院", max_length=100, blank=True)

    referral_decision = models.CharField(
        "移送司法决定", max_length=10, blank=True,
        choices=[("refer", "移送司法机关"), ("no_refer", "不移送")])
    referral_decision_reason = models.TextField("移送决定理由", blank=True)
    referral_decided_on = models.DateField("移送决定日期", null=True, blank=True)

    closed_on = models.DateField("结案日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    end_reason = models.TextField("撤销或移送理由", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["region", "-id"], name="case_region_id"),
            models.Index(fields=["agency", "status", "-id"], name="case_agency_status"),
            models.Index(fields=["enterprise", "-id"], name="case_enterprise"),
            models.Index(fields=["status", "-id"], name="case_status"),
            models.Index(fields=["source_type", "source_id"], name="case_source"),
        ]

    def __str__(self) -> str:
        return self.number or f"案件{self.pk}"

    @property
    def shown_number(self) -> str:
        """The 案号, or what stands in for it: a 简易程序 case is decided on the spot and is
        never filed (立案), so it has none to wait for."""
        if self.number:
            return self.number
        return "（简易程序）" if self.procedure == Procedure.SIMPLE else "（待立案）"

    @property
    def is_pre_accident(self) -> bool:
        """事前立案: a case filed without an accident behind it."""
        return self.accident_id is None

    @property
    def owed_principal(self) -> Decimal:
        return self.fine_total - self.paid_principal


class VoidableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(voided_at=None)


class Voidable(models.Model):
    """A row entered by mistake is voided (作废), never deleted: it stays on the record with
    who, when and why, and counts for nothing (fines, documents, discretion, decision)."""

    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(USER, verbose_name="作废人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    void_reason = models.TextField("作废理由", blank=True)

    objects = VoidableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


def _void_complete(name: str) -> models.CheckConstraint:
    """A void has its time, its author and its reason, or none of them."""
    return models.CheckConstraint(
        condition=(Q(voided_at=None, voided_by=None, void_reason="")
                   | (Q(voided_at__isnull=False, voided_by__isnull=False)
                      & ~Q(void_reason=""))),
        name=name)


class CaseParty(Voidable):
    """A party of the case: the unit and, for 一案双罚, its responsible persons."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField("身份", max_length=10, choices=PartyKind.choices)
    name = models.CharField("名称或姓名", max_length=200)
    id_number = models.CharField("证件号码", max_length=18, blank=True)
    position = models.CharField("职务", max_length=50, blank=True)
    # The base of the fines set as a share of it (安全生产法 Art 95, 96, 110); persons only.
    last_year_income = models.DecimalField("上一年年收入（元）", max_digits=14, decimal_places=2,
                                           null=True, blank=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = verbose_name
        ordering = ["case", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(last_year_income__isnull=True) | Q(last_year_income__gte=0),
            name="caseparty_income_not_negative"), _void_complete("caseparty_void_complete")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def law_party(self) -> str:
        """The party kind of anzhi.law.procedure: a unit is an organisation."""
        return "organization" if self.kind == PartyKind.UNIT else "person"


class Violation(Voidable):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="violations")
    entry_id = models.CharField("违法行为（罚则条目）", max_length=30, db_index=True)
    citation = models.CharField("法律依据", max_length=100)
    title = models.CharField("违法行为", max_length=200)
    facts = models.TextField("违法事实", blank=True)
    overdue = models.BooleanField("逾期未改正", default=False)
    accident = models.BooleanField("导致事故", default=False)
    circumstances = models.JSONField("裁量情节", default=list, blank=True)

    class Meta:
        verbose_name = "违法行为"
        verbose_name_plural = verbose_name
        ordering = ["case", "id"]
        constraints = [_void_complete("violation_void_complete")]

    def __str__(self) -> str:
        return f"{self.citation} {self.title}"


class Evidence(models.Model):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="evidence")
    violation = models.ForeignKey(Violation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="evidence")
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    title = models.CharField("名称", max_length=200)
    content = models.TextField("内容", blank=True)
    collected_on = models.DateField("取证日期")
    collected_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    file = models.FileField("附件", upload_to="cases/evidence/%Y/", blank=True)
    # Of the upload as taken: the stored name carries the sniffed extension instead, and the
    # detail need not open every stored file to tell its type and size.
    file_name = models.CharField("附件原文件名", max_length=200, blank=True)
    content_type = models.CharField("附件类型", max_length=40, blank=True)
    size = models.PositiveIntegerField("附件字节数", null=True, blank=True)
    # Set by the phone for one item it sends: a resend with the same id (the answer was lost)
    # is stored once (services.case_add_evidence).
    client_id = models.CharField("客户端编号", max_length=40, blank=True, default="")
    # When the row was stored, not when it was collected (collected_on may be any earlier day):
    # the enterprise lists only what existed at its latest 告知 (privacy.visible_evidence).
    # NULL for rows stored before this column: they were all listed once notified, and still are.
    created_at = models.DateTimeField("登记时间", null=True, blank=True, default=timezone.now,
                                      editable=False)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = verbose_name
        ordering = ["case", "collected_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "client_id"],
                                               condition=~Q(client_id=""),
                                               name="evidence_unique_client_id")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def doc_kind(self) -> str:
        """Document key of its record (询问笔录 / 勘验笔录) in the case's document URLs."""
        return f"evidence-{self.pk}"


class PenaltyLine(models.Model):
    """The fine decided for one party on one violation, with the discretion behind it."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="lines")
    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="lines")
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="lines")
    entry_id = models.CharField("罚则条目", max_length=30)
    party_kind = models.CharField("处罚对象", max_length=10, choices=PartyKind.choices)
    amount = models.DecimalField("罚款（元）", max_digits=14, decimal_places=2)
    statutory_min = models.DecimalField("法定下限", max_digits=14, decimal_places=2)
    statutory_max = models.DecimalField("法定上限", max_digits=14, decimal_places=2)
    level = models.CharField("裁量档次", max_length=8)
    recommended_level = models.CharField("建议档次", max_length=8)
    recommended_amount = models.DecimalField("建议罚款", max_digits=14, decimal_places=2)
    recommendation_reasons = models.JSONField("建议理由", default=list)
    deviation_reason = models.TextField("未采纳建议档次的理由", blank=True)
    decided_on = models.DateField("决定日期")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "处罚明细"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["entry_id", "party_kind", "region"],
                                name="penaltyline_same_case")]


class CaseTransition(models.Model):
    """One step of the procedure: who, when, from, to, why — chained by hash (签名链)."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField("操作", max_length=24)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    actor = models.ForeignKey(USER, verbose_name="操作人", on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.TextField("理由", blank=True)
    signers = models.JSONField("签名人", default=list)
    signature = models.CharField("签名摘要", max_length=64)

    class Meta:
        verbose_name = "案件流转记录"
        verbose_name_plural = verbose_name
        ordering = ["case", "id"]


class CaseDeadline(models.Model):
    """A statutory time limit of the case, computed by anzhi.law, as an indexed due date."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="deadlines")
    name = models.CharField("期限", max_length=40)
    label = models.CharField("名称", max_length=100)
    legal_basis = models.CharField("法律依据", max_length=200)
    obligor = models.CharField("履行方", max_length=8, choices=Obligor.choices,
                               default=Obligor.AGENCY)
    starts_on = models.DateField("起算日")
    suspended_days = models.PositiveIntegerField("中止天数", default=0)
    due = models.DateField("届满日", null=True, blank=True)
    problem = models.CharField("无法计算的原因", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=DeadlineState.choices,
                             default=DeadlineState.RUNNING)
    suspended_on = models.DateField("中止日", null=True, blank=True)
    met_on = models.DateField("履行日", null=True, blank=True)
    warn70_on = models.DateField("70%预警日", null=True, blank=True)
    warn90_on = models.DateField("90%预警日", null=True, blank=True)
    warned = models.PositiveSmallIntegerField("已预警（%）", default=0)

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = verbose_name
        ordering = ["case", "due", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "name"],
                                               name="case_deadline_once")]
        indexes = [
            models.Index(fields=["state", "due"], name="deadline_state_due"),
            models.Index(fields=["state", "warned", "warn70_on"], name="deadline_warn"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.due}"


class Suspension(models.Model):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="suspensions")
    kind = models.CharField("中止事由", max_length=10, choices=SuspensionKind.choices)
    started_on = models.DateField("中止日")
    ended_on = models.DateField("恢复日", null=True, blank=True)
    reason = models.TextField("说明", blank=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "期限中止"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["case"], condition=Q(ended_on=None),
                                               name="suspension_one_open")]


class PaymentArrangement(models.Model):
    """Approved deferral or instalments (行政处罚法 Art 66)."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField("方式", max_length=10, choices=ArrangementKind.choices)
    schedule = models.JSONField("期次", default=list, help_text='[{"due": "2026-05-01", '
                                '"amount": "1000"}]')
    final_due = models.DateField("最后缴款日")
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期")
    reason = models.TextField("申请理由")

    class Meta:
        verbose_name = "暂缓或分期缴纳"
        verbose_name_plural = verbose_name


class Payment(models.Model):
    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("缴款金额（元）", max_digits=14, decimal_places=2)
    principal = models.DecimalField("其中罚款", max_digits=14, decimal_places=2)
    late_fee = models.DecimalField("其中加处罚款", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴款日期")
    receipt_number = models.CharField("票据号", max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "缴款记录"
        verbose_name_plural = verbose_name
        ordering = ["case", "paid_on", "id"]


class ReviewProceeding(models.Model):
    """行政复议 or 行政诉讼 against the decision, and its outcome."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="proceedings")
    kind = models.CharField("类型", max_length=16, choices=ProceedingKind.choices)
    body = models.CharField("复议机关或法院", max_length=100)
    filed_on = models.DateField("申请或起诉日期")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, blank=True)
    decided_on = models.DateField("结果日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = verbose_name
        ordering = ["case", "filed_on", "id"]


class CaseFileReview(models.Model):
    """案卷评查: a reviewer's scoring of a closed case file."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="file_reviews")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("评查日期")
    scores = models.JSONField("得分", default=dict)
    defects = models.JSONField("问题", default=list)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1)
    comment = models.TextField("评查意见", blank=True)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = verbose_name
        ordering = ["-reviewed_on", "-id"]


class Referral(models.Model):
    """两法衔接 and hand-overs: to the judiciary, to other agencies; or received from them."""

    direction = models.CharField("方向", max_length=3, choices=Direction.choices)
    kind = models.CharField("类型", max_length=12, choices=ReferralKind.choices)
    status = models.CharField("状态", max_length=12, choices=ReferralStatus.choices)
    number = models.CharField("移送书文号", max_length=80, blank=True)
    case = models.ForeignKey(PenaltyCase, verbose_name="案件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="referrals")
    opened_case = models.ForeignKey(PenaltyCase, verbose_name="据此立案", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="涉及单位",
                                   on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", verbose_name="本机关",
                               on_delete=models.PROTECT, related_name="+")
    counterpart = models.CharField("对方机关", max_length=100)
    counterpart_agency = models.ForeignKey("accounts.Agency", verbose_name="对方机构（系统内）",
                                           null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    facts = models.TextField("移送事由")
    crimes = models.JSONField("涉嫌罪名", default=list, blank=True)
    source_type = models.CharField("来源", max_length=40, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    sent_on = models.DateField("移送日期")
    received_on = models.DateField("签收日期", null=True, blank=True)
    response_due = models.DateField("回复期限", null=True, blank=True, db_index=True)
    responded_on = models.DateField("回复日期", null=True, blank=True)
    response = models.TextField("处理结果", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "移送"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
        indexes = [models.Index(fields=["region", "-id"], name="referral_region"),
                   models.Index(fields=["enterprise", "-id"], name="referral_enterprise")]

    def __str__(self) -> str:
        return self.number or f"移送{self.pk}"


class ReferralEvent(models.Model):
    """A dated stage of a referral (移送 → 受理 → 立案 → 起诉 → 判决) with its document."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    status = models.CharField("阶段", max_length=12, choices=ReferralStatus.choices)
    on = models.DateField("日期")
    document = models.CharField("文书", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "移送进展"
        verbose_name_plural = verbose_name
        ordering = ["referral", "on", "id"]
