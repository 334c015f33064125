from django.conf import settings
from django.db import models

from .choices import (
    CampaignMetric,
    DrawStatus,
    HandoverStatus,
    PlanItemKind,
    PlanStatus,
    RotationStatus,
)


class Campaign(models.Model):
    """专项行动: a campaign with its document number, phases, scope and targets."""

    title = models.CharField("行动名称", max_length=200)
    document_number = models.CharField("文号", max_length=80, blank=True)
    issuing_agency = models.ForeignKey("accounts.Agency", verbose_name="发文机关",
                                       on_delete=models.PROTECT, related_name="campaigns")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    sectors = models.ManyToManyField("registry.Sector", verbose_name="行业领域", blank=True,
                                     related_name="+")
    regions = models.ManyToManyField("regions.Region", verbose_name="范围", blank=True,
                                     related_name="+")
    reporting_day = models.PositiveSmallIntegerField("每月报送日", null=True, blank=True)
    description = models.TextField("行动内容", blank=True)
    is_void = models.BooleanField("已作废", default=False)
    void_reason = models.CharField("作废理由", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = verbose_name
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class CampaignPhase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField("阶段", max_length=40)
    starts_on = models.DateField("开始")
    ends_on = models.DateField("结束")

    class Meta:
        verbose_name = "行动阶段"
        verbose_name_plural = verbose_name
        ordering = ["campaign", "starts_on"]


class CampaignTarget(models.Model):
    """A measurable target of a campaign (e.g. 检查企业 200 家), computed from records."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField("指标", max_length=40, choices=CampaignMetric.choices)
    label = models.CharField("名称", max_length=80)
    target = models.PositiveIntegerField("目标值")

    class Meta:
        verbose_name = "行动目标"
        verbose_name_plural = verbose_name



class Transition(models.Model):
    """A state change of a planning record: who, when, from, to and why."""

    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]


class EnforcementPlan(models.Model):
    """年度执法计划 of one agency for one year, generated from the registry by its rules."""

    agency = models.ForeignKey("accounts.Agency", verbose_name="执法机构",
                               on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    rules = models.JSONField("计划规则", default=dict)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    # Counts of the last generation (the items are the truth; these are for lists).
    key_count = models.PositiveIntegerField("重点全覆盖企业数", default=0)
    grade_count = models.PositiveIntegerField("按等级检查企业数", default=0)
    random_pool_count = models.PositiveIntegerField("双随机名录库企业数", default=0)
    random_quota = models.PositiveIntegerField("双随机抽查户数", default=0)
    planned_total = models.PositiveIntegerField("计划检查户次", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "年度执法计划"
        verbose_name_plural = verbose_name
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="plan_one_per_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度执法计划"


class PlanItem(models.Model):
    """One supervised enterprise in a plan: why it is in and how often it is inspected.

    Planned visits fall in months ``first_month + i*12 // planned_count`` (i = 0…n-1).
    """

    plan = models.ForeignKey(EnforcementPlan, on_delete=models.CASCADE, related_name="items")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField("类别", max_length=8, choices=PlanItemKind.choices)
    planned_count = models.PositiveSmallIntegerField("计划检查次数", default=0)
    first_month = models.PositiveSmallIntegerField("首次检查月份", default=1)

    class Meta:
        verbose_name = "计划企业"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["plan", "enterprise"],
                                               name="plan_item_unique")]
        indexes = [models.Index(fields=["plan", "kind", "enterprise"])]


class RandomDraw(models.Model):
    """双随机、一公开: a committed, then executed, verifiable draw (algorithm in drawalgo.py)."""

    agency = models.ForeignKey("accounts.Agency", verbose_name="抽取机构",
                               on_delete=models.PROTECT, related_name="draws")
    title = models.CharField("名称", max_length=200)
    plan = models.ForeignKey(EnforcementPlan, verbose_name="年度计划", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="draws")
    campaign = models.ForeignKey(Campaign, verbose_name="专项行动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="draws")
    filters = models.JSONField("抽取范围", default=dict)
    ratio = models.DecimalField("抽取比例", max_digits=5, decimal_places=4, null=True,
                                blank=True)
    count = models.PositiveIntegerField("抽取数量")
    pool_size = models.PositiveIntegerField("名录库企业数")
    officer_pool_size = models.PositiveIntegerField("执法人员库人数")
    officers_per_enterprise = models.PositiveSmallIntegerField("每户执法人员数", default=2)
    draw_date = models.DateField("抽取日期")
    algorithm = models.CharField("算法", max_length=32)
    status = models.CharField("状态", max_length=16, choices=DrawStatus.choices,
                              default=DrawStatus.COMMITTED)
    pool_blob = models.BinaryField("名录库快照（压缩）")
    # What executing needs (ids, officers, conflicts), compact: see snapshot.py.
    pool_index = models.BinaryField("名录库索引", default=b"", blank=True)
    pool_hash = models.CharField("名录库哈希", max_length=64)
    commitment = models.CharField("承诺值", max_length=64)
    secret_seed = models.CharField("秘密种子", max_length=64)
    witness_entropy = models.JSONField("见证人随机串", default=list, blank=True)
    seed = models.CharField("种子", max_length=64, blank=True)
    result = models.JSONField("抽取结果", default=list, blank=True)
    void_reason = models.CharField("作废理由", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    executed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "双随机抽取"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class DrawSelection(models.Model):
    """One enterprise drawn, in draw order, with the officers paired with it.

    Written only by ``services.draw_execute`` (tens of thousands of rows at once, by COPY on
    PostgreSQL) from the draw's snapshot of existing enterprises. The foreign keys carry no
    database constraint: checking 50,000 rows one by one at commit cost more than the whole
    draw, and neither side is ever deleted (draws are voided, enterprises closed; Django's
    PROTECT/CASCADE still apply to deletes through the ORM). The unique (draw, position) and
    the (enterprise, draw) indexes serve every lookup, so the columns carry no index of
    their own.
    """

    draw = models.ForeignKey(RandomDraw, on_delete=models.CASCADE, related_name="selections",
                             db_constraint=False, db_index=False)
    position = models.PositiveIntegerField("序号")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="+", db_constraint=False, db_index=False)
    officer_ids = models.JSONField("执法人员", default=list)

    class Meta:
        verbose_name = "抽取结果"
        verbose_name_plural = verbose_name
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "position"],
                                               name="draw_selection_position")]
        indexes = [models.Index(fields=["enterprise", "draw"])]


class MutualInspection(models.Model):
    """异地互查: a rotation in which each township's team inspects another township."""

    title = models.CharField("名称", max_length=200)
    organiser = models.ForeignKey("accounts.Agency", verbose_name="组织单位",
                                  on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name="互查范围",
                               on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name="专项行动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="rotations")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    per_team = models.PositiveSmallIntegerField("每组检查企业数", default=3)
    seed = models.CharField("随机种子", max_length=64)
    status = models.CharField("状态", max_length=16, choices=RotationStatus.choices,
                              default=RotationStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "异地互查"
        verbose_name_plural = verbose_name
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class RotationAssignment(models.Model):
    """One team of the rotation: who inspects which township, and the local agency."""

    rotation = models.ForeignKey(MutualInspection, on_delete=models.CASCADE,
                                 related_name="assignments")
    inspecting_agency = models.ForeignKey("accounts.Agency", verbose_name="检查组（派出单位）",
                                          on_delete=models.PROTECT, related_name="+")
    target_region = models.ForeignKey("regions.Region", verbose_name="被检查乡镇",
                                      on_delete=models.PROTECT, related_name="+")
    local_agency = models.ForeignKey("accounts.Agency", verbose_name="当地执法机构",
                                     on_delete=models.PROTECT, related_name="+")
    enterprises = models.ManyToManyField("registry.Enterprise", verbose_name="被检查企业",
                                         related_name="+")

    class Meta:
        verbose_name = "互查分组"
        verbose_name_plural = verbose_name
        ordering = ["rotation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "inspecting_agency"],
                                    name="rotation_one_assignment_per_team"),
            models.CheckConstraint(condition=~models.Q(inspecting_agency=models.F("local_agency")),
                                   name="rotation_never_own_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.inspecting_agency} → {self.target_region}"


class HandoverItem(models.Model):
    """A row of the 异地执法检查问题移交表: a problem found by the visiting team, signed by
    both sides, handed to the local agency, which must act on it (closed loop)."""

    assignment = models.ForeignKey(RotationAssignment, on_delete=models.PROTECT,
                                   related_name="handovers")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="被检查单位",
                                   on_delete=models.PROTECT, related_name="+")
    problem = models.TextField("存在问题")
    legal_basis = models.CharField("依据", max_length=300, blank=True)
    suggestion = models.CharField("处理建议", max_length=300, blank=True)
    is_major = models.BooleanField("重大事故隐患", default=False)
    status = models.CharField("状态", max_length=16, choices=HandoverStatus.choices,
                              default=HandoverStatus.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    inspector_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+",
                                            verbose_name="检查组签名")
    inspector_signed_at = models.DateTimeField(null=True, blank=True)
    local_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name="当地对接人员签名")
    local_signed_at = models.DateTimeField(null=True, blank=True)
    disposition = models.CharField("处理方式", max_length=32, blank=True)
    action_taken = models.TextField("处理情况", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)
    followup_type = models.CharField(max_length=64, blank=True)
    followup_id = models.CharField(max_length=64, blank=True)
    followup_label = models.CharField("后续记录", max_length=200, blank=True)
    acted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.CharField("销号意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "异地检查问题移交"
        verbose_name_plural = verbose_name
        ordering = ["assignment", "id"]
        indexes = [models.Index(fields=["status", "assignment"])]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.problem[:30]}"
