"""The hazard ledger (隐患台账), its closed loop, 挂牌督办, reminders and enterprise duties.

Invariants live in constraints; the rules of each step live in services.py.
A hazard's source (an inspection finding, a complaint …) is stored as type/id/label, not as
a foreign key, so this app does not depend on the apps that feed it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import (
    OPEN_STATUSES,
    DutyKind,
    DutyScope,
    FileKind,
    Level,
    ListingLevel,
    ReminderKind,
    Source,
    Status,
)

OPEN_Q = ~Q(status=Status.CLOSED)


class Hazard(models.Model):
    """事故隐患 — one line of the ledger."""

    # No index of their own on these three: the composite indexes in Meta lead with each
    # (migration 0006).
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="生产经营单位",
                                   on_delete=models.PROTECT, related_name="hazards",
                                   db_index=False)
    # The enterprise's region when the hazard was found: jurisdiction filters are range
    # scans on this column without joining the enterprise.
    region = models.ForeignKey("regions.Region", verbose_name="所在区划",
                               on_delete=models.PROTECT, related_name="+", db_index=False)
    agency = models.ForeignKey("accounts.Agency", verbose_name="监管机构",
                               on_delete=models.PROTECT, related_name="+", db_index=False)
    level = models.CharField("隐患级别", max_length=10, choices=Level.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    source_type = models.CharField("来源记录类型", max_length=64, blank=True)
    source_id = models.BigIntegerField("来源记录编号", null=True, blank=True)
    source_label = models.CharField("来源", max_length=200, blank=True)
    criterion = models.CharField("判定依据", max_length=500,
                                 help_text="检查表条目或重大事故隐患判定标准条款")
    description = models.TextField("隐患描述")
    place = models.CharField("隐患部位", max_length=200, blank=True)
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发现人", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    found_by_name = models.CharField("发现人", max_length=100, blank=True)
    found_on = models.DateField("发现日期")
    rectify_due = models.DateField("整改期限", null=True, blank=True)
    emergency_measures = models.TextField("应急管控措施", blank=True)

    # Set by the daily sweep (compare-and-swap), never typed.
    overdue_flagged = models.BooleanField("已标记逾期", default=False)
    overdue_flagged_on = models.DateField("标记逾期日期", null=True, blank=True)
    failed_reviews = models.PositiveSmallIntegerField("复查不通过次数", default=0)
    # Escalation flags (从重): each set once by a rule and kept with the history.
    flag_overdue = models.BooleanField("逾期未整改", default=False)
    flag_failed_reviews = models.BooleanField("多次复查不通过", default=False)
    flag_concealed = models.BooleanField("重大隐患未自查上报", default=False)
    case_object_type = models.CharField(max_length=64, blank=True)
    case_object_id = models.BigIntegerField(null=True, blank=True)
    case_label = models.CharField("处罚案件", max_length=200, blank=True)
    case_url = models.CharField(max_length=200, blank=True)

    listed = models.BooleanField("挂牌督办中", default=False)
    reopened_count = models.PositiveSmallIntegerField("重新打开次数", default=0)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "事故隐患"
        verbose_name_plural = verbose_name
        ordering = ["-found_on", "-id"]
        indexes = [
            models.Index(fields=["region", "level", "status"], name="hazard_region_lvl_st"),
            models.Index(fields=["agency", "level", "status"], name="hazard_agency_lvl_st"),
            models.Index(fields=["enterprise", "status"], name="hazard_ent_status"),
            models.Index(fields=["region", "found_on"], name="hazard_region_found"),
            models.Index(fields=["region", "closed_on"], name="hazard_region_closed"),
            models.Index(fields=["status", "rectify_due"], name="hazard_status_due"),
            models.Index(fields=["rectify_due"], name="hazard_sweep_due",
                         condition=Q(overdue_flagged=False) & OPEN_Q),
            models.Index(fields=["region"], name="hazard_listed",
                         condition=Q(listed=True)),
            # 动态清零 reads the open major hazards of a region or an agency: a few in ten
            # thousand rows, which the planner otherwise finds through the status index.
            models.Index(fields=["region"], name="hazard_open_major_region",
                         condition=Q(level=Level.MAJOR, status__in=OPEN_STATUSES)),
            models.Index(fields=["agency"], name="hazard_open_major_agency",
                         condition=Q(level=Level.MAJOR, status__in=OPEN_STATUSES)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_on__isnull=False)
                | (OPEN_Q & Q(closed_on__isnull=True)),
                name="hazard_closed_on_iff_closed"),
        ]

    def __str__(self) -> str:
        return f"隐患{self.pk}：{self.description[:30]}"

    @property
    def is_major(self) -> bool:
        return self.level == Level.MAJOR

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or date.today()
        return self.is_open and self.rectify_due is not None and self.rectify_due < today

    @property
    def escalated(self) -> bool:
        return self.flag_overdue or self.flag_failed_reviews or self.flag_concealed

    def escalation_reasons(self) -> list[str]:
        reasons = []
        if self.flag_overdue:
            reasons.append("逾期未整改")
        if self.flag_failed_reviews:
            reasons.append(f"复查不通过{self.failed_reviews}次")
        if self.flag_concealed:
            reasons.append("重大事故隐患未经企业自查上报，由执法检查等发现")
        return reasons

    def current_plan(self):
        return self.plans.filter(is_current=True).first()


class HazardTransition(models.Model):
    """One step of the closed loop: who moved the hazard, when, from what to what, why."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = "隐患状态变更"
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["hazard", "at"])]


class RectificationPlan(models.Model):
    """五落实: responsible person, measures, funds, deadline, emergency plan. Revisions are
    kept; one is current."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="plans")
    responsible_person = models.CharField("整改责任人", max_length=50)
    responsible_phone = models.CharField("责任人电话", max_length=20, blank=True)
    measures = models.TextField("整改措施")
    funds = models.DecimalField("整改资金（元）", max_digits=14, decimal_places=2)
    deadline = models.DateField("整改时限")
    emergency_plan = models.TextField("整改期间应急预案")
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改方案（五落实）"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["hazard"], condition=Q(is_current=True),
                                               name="hazard_plan_one_current")]


class Rectification(models.Model):
    """整改情况: what the enterprise did, what it cost, with before/after evidence."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="rectifications")
    description = models.TextField("整改情况")
    money_spent = models.DecimalField("投入资金（元）", max_digits=14, decimal_places=2,
                                      default=0)
    on_site = models.BooleanField("现场立即整改", default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改情况"
        verbose_name_plural = verbose_name
        ordering = ["submitted_at", "id"]


class HazardFile(models.Model):
    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="files")
    rectification = models.ForeignKey(Rectification, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="files")
    kind = models.CharField("类别", max_length=10, choices=FileKind.choices)
    file = models.FileField("文件", upload_to="hazards/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    # Set by the phone for a photo sent on its own: a resend with the same id is stored once.
    client_id = models.CharField("照片编号", max_length=40, blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "隐患附件"
        verbose_name_plural = verbose_name
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["hazard", "client_id"],
                                               condition=~Q(client_id=""),
                                               name="hazardfile_unique_client_id")]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Review(models.Model):
    """复查: officers check the rectification; the 整改复查意见书 is numbered for it."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="reviews")
    passed = models.BooleanField("复查结论（合格）")
    opinion = models.TextField("复查意见")
    on_site = models.BooleanField("现场复查", default=False)
    reviewed_on = models.DateField("复查日期")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="复查人员",
                                      related_name="+")
    document_number = models.CharField("整改复查意见书文号", max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改复查"
        verbose_name_plural = verbose_name
        ordering = ["created_at", "id"]


class Listing(models.Model):
    """挂牌督办 of a major hazard by the township or the county."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="listings")
    level = models.CharField("挂牌层级", max_length=10, choices=ListingLevel.choices)
    agency = models.ForeignKey("accounts.Agency", verbose_name="督办机构",
                               on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField("挂牌督办文书号", max_length=80)
    listed_on = models.DateField("挂牌日期")
    deadline = models.DateField("督办期限")
    due = models.DateField("现督办期限", help_text="含延期")
    is_active = models.BooleanField("督办中", default=True)
    lifted_on = models.DateField("摘牌日期", null=True, blank=True)
    listed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "挂牌督办"
        verbose_name_plural = verbose_name
        ordering = ["-listed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["hazard"], condition=Q(is_active=True),
                                               name="listing_one_active")]


class ListingExtension(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="extensions")
    from_due = models.DateField("原期限")
    to_due = models.DateField("延至")
    reason = models.TextField("延期理由")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人",
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办延期"
        verbose_name_plural = verbose_name
        ordering = ["approved_at", "id"]


class Reminder(models.Model):
    """An in-app reminder about one deadline. Never twice for the same event."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField("提醒类型", max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField("期限")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="+")
    # The hazard's region, copied: jurisdiction lists of reminders are range scans on
    # (region, created_on) without joining ten million hazards.
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="+", null=True)
    created_on = models.DateField("提醒日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "整改提醒"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["hazard", "kind", "due_date"],
                                               name="reminder_once_per_event")]
        indexes = [models.Index(fields=["agency", "created_on"]),
                   models.Index(fields=["enterprise", "created_on"]),
                   models.Index(fields=["region", "created_on"], name="reminder_region_day")]


class Digest(models.Model):
    """The daily digest of reminders for one agency or one enterprise."""

    day = models.DateField("日期")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("registry.Enterprise", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    lines = models.JSONField("内容", default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "每日提醒摘要"
        verbose_name_plural = verbose_name
        ordering = ["-day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, enterprise__isnull=True)
                | Q(agency__isnull=True, enterprise__isnull=False),
                name="digest_one_recipient"),
            models.UniqueConstraint(fields=["agency", "day"], name="digest_agency_day",
                                    condition=Q(agency__isnull=False)),
            models.UniqueConstraint(fields=["enterprise", "day"], name="digest_enterprise_day",
                                    condition=Q(enterprise__isnull=False)),
        ]


class DutyRule(models.Model):
    """How often an enterprise must perform a duty, with its basis. Data, not code: an
    administrator corrects it in the admin when the rule or its reading changes."""

    duty = models.CharField("义务", max_length=20, choices=DutyKind.choices)
    scope = models.CharField("适用范围", max_length=20, choices=DutyScope.choices)
    min_count = models.PositiveSmallIntegerField("最少次数")
    per_months = models.PositiveSmallIntegerField("每（月）")
    basis = models.TextField("依据")
    verify = models.BooleanField("待核实", default=False)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "企业自查演练培训频次"
        verbose_name_plural = verbose_name
        ordering = ["duty", "scope"]
        constraints = [models.UniqueConstraint(fields=["duty", "scope"],
                                               name="duty_rule_unique")]

    def __str__(self) -> str:
        return (f"{self.get_duty_display()}：{self.get_scope_display()}每{self.per_months}个月"
                f"至少{self.min_count}次")

    @property
    def frequency(self) -> float:
        return self.min_count / self.per_months


class DutyRecord(models.Model):
    """One self-inspection led by the principal, drill or training, recorded by the enterprise."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="duty_records")
    duty = models.CharField("类别", max_length=20, choices=DutyKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("内容", max_length=200)
    leader_name = models.CharField("带队/组织人", max_length=50)
    participants = models.PositiveIntegerField("参加人数", default=0)
    summary = models.TextField("情况记录", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "企业自查、演练、培训记录"
        verbose_name_plural = verbose_name
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "duty", "held_on"])]


__all__ = [
    "Digest", "DutyRecord", "DutyRule", "Hazard", "HazardFile", "HazardTransition", "Listing",
    "ListingExtension", "Rectification", "RectificationPlan", "Reminder", "Review",
]
