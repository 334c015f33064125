import os

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from .choices import (
    DispositionKind,
    MemberKind,
    Mode,
    ReInspectionStatus,
    Result,
    SignatureKind,
    Status,
)

# ---------------------------------------------------------------- checklists (执法检查表)


class Checklist(models.Model):
    """A checklist template. Its content lives in immutable versions; editing publishes a new
    version and inspections keep the version they used."""

    code = models.SlugField("代码", max_length=60, unique=True)
    title = models.CharField("名称", max_length=120)
    sector_code = models.CharField("行业领域代码", max_length=40, blank=True)
    description = models.TextField("说明", blank=True)
    is_builtin = models.BooleanField("内置", default=False)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "执法检查表"
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class ChecklistVersion(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    note = models.CharField("修订说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "检查表版本"
        verbose_name_plural = verbose_name
        ordering = ["checklist", "-number"]
        constraints = [models.UniqueConstraint(fields=["checklist", "number"],
                                               name="checklist_version_unique")]

    def __str__(self) -> str:
        return f"{self.checklist.title} 第{self.number}版"


class ChecklistItem(models.Model):
    version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="items")
    seq = models.PositiveSmallIntegerField("序号")
    section = models.CharField("检查项目", max_length=60, blank=True)
    content = models.TextField("检查内容")
    legal_basis = models.TextField("法律依据", blank=True)
    standard_basis = models.TextField("标准依据", blank=True)
    is_major = models.BooleanField("重大事故隐患判定项", default=False)
    statute_entry = models.CharField("对应违法行为（罚则目录）", max_length=40, blank=True)

    class Meta:
        verbose_name = "检查项"
        verbose_name_plural = verbose_name
        ordering = ["version", "seq"]
        constraints = [models.UniqueConstraint(fields=["version", "seq"],
                                               name="checklist_item_unique_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.content[:40]}"


# ---------------------------------------------------------------- inspections (执法检查)


class Inspection(models.Model):
    """One on-site inspection record (现场检查记录). Drafts are edited on the phone; once
    submitted the content is frozen and only signatures are added. Corrections are new
    records pointing at the one they correct."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="被检查单位",
                                   on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", verbose_name="主办机构",
                               on_delete=models.PROTECT, related_name="+",
                               help_text="文书编号所属机构（联合执法时为第一家）")
    agencies = models.ManyToManyField("accounts.Agency", verbose_name="执法机构",
                                      through="InspectionAgency", related_name="+")
    mode = models.CharField("检查方式", max_length=20, choices=Mode.choices)
    status = models.CharField("状态", max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    started_at = models.DateTimeField("检查开始时间")
    ended_at = models.DateTimeField("检查结束时间", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    place = models.CharField("检查地点", max_length=200, blank=True)
    campaign = models.ForeignKey("planning.Campaign", verbose_name="专项行动", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    draw_id = models.PositiveBigIntegerField("双随机抽取编号", null=True, blank=True)
    plan_id = models.PositiveBigIntegerField("执法计划编号", null=True, blank=True)
    checklist_version = models.ForeignKey(ChecklistVersion, verbose_name="检查表版本",
                                          null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    summary = models.TextField("检查情况", blank=True)
    corrects = models.ForeignKey("self", verbose_name="更正的记录", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="corrections")
    correction_reason = models.TextField("更正理由", blank=True)
    review_of = models.ForeignKey("ReInspection", verbose_name="复查事项", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="reviews")
    number = models.CharField("现场检查记录编号", max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人",
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = "执法检查"
        verbose_name_plural = verbose_name
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "-started_at"]),
            models.Index(fields=["agency", "-started_at"]),
            models.Index(fields=["mode", "-started_at"]),
            models.Index(fields=["campaign", "-started_at"]),
            models.Index(fields=["-started_at"]),
        ]

    def __str__(self) -> str:
        return self.number or f"检查#{self.pk}"

    @property
    def is_frozen(self) -> bool:
        return self.status != Status.DRAFT


class InspectionAgency(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="agency_links")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "agency"],
                                               name="inspection_agency_unique")]
        indexes = [models.Index(fields=["agency", "inspection"])]


class Member(models.Model):
    """A person on the inspection team: certified officers (with the certificate valid on the
    day), experts and auxiliary staff."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="members")
    kind = models.CharField("身份", max_length=12, choices=MemberKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=50)
    organisation = models.CharField("单位/专业", max_length=100, blank=True)
    certificate = models.ForeignKey("accounts.Certificate", verbose_name="执法证", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    certificate_number = models.CharField("执法证号", max_length=40, blank=True)

    class Meta:
        verbose_name = "检查人员"
        verbose_name_plural = verbose_name
        ordering = ["inspection", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "user"],
                                               condition=Q(user__isnull=False),
                                               name="member_once_per_inspection")]
        indexes = [models.Index(fields=["user", "inspection"])]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField("检查结果", max_length=14, choices=Result.choices, blank=True)
    note = models.TextField("情况记录", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "检查项结果"
        verbose_name_plural = verbose_name
        ordering = ["inspection", "item__seq"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"],
                                               name="answer_once_per_item")]


class Finding(models.Model):
    """检查发现的问题."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    seq = models.PositiveSmallIntegerField("序号")
    item = models.ForeignKey(ChecklistItem, verbose_name="对应检查项", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    section = models.CharField("所属检查项目", max_length=60, blank=True)
    description = models.TextField("问题描述")
    legal_basis = models.TextField("法律依据", blank=True)
    standard_basis = models.TextField("标准依据", blank=True)
    statute_entry = models.CharField("对应违法行为（罚则目录）", max_length=40, blank=True)
    is_major = models.BooleanField("重大事故隐患", default=False)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="问题提出人员",
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    raised_by_name = models.CharField("问题提出人员", max_length=50, blank=True)
    client_id = models.CharField(max_length=40, blank=True,
                                 help_text="手机端生成的编号，重发时不重复建立")

    class Meta:
        verbose_name = "检查发现的问题"
        verbose_name_plural = verbose_name
        ordering = ["inspection", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "seq"], name="finding_unique_seq"),
            models.UniqueConstraint(fields=["inspection", "client_id"],
                                    condition=~Q(client_id=""), name="finding_unique_client_id"),
        ]

    def __str__(self) -> str:
        return self.description[:40]


class Disposition(models.Model):
    """执法处置 of a finding, and the follow-up record it created in another app."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="dispositions")
    kind = models.CharField("处置方式", max_length=24, choices=DispositionKind.choices)
    deadline = models.DateField("整改期限", null=True, blank=True)
    note = models.TextField("处置说明", blank=True)
    order_number = models.CharField("决定文书号", max_length=80, blank=True)
    followup_type = models.CharField(max_length=64, blank=True)
    followup_id = models.PositiveBigIntegerField(null=True, blank=True)
    followup_label = models.CharField("后续记录", max_length=200, blank=True)
    followup_url = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "执法处置"
        verbose_name_plural = verbose_name
        ordering = ["finding", "id"]


class ReInspection(models.Model):
    """A 复查 scheduled automatically for every deadline set by a disposition."""

    source = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="reinspections")
    disposition = models.OneToOneField(Disposition, on_delete=models.PROTECT,
                                       related_name="reinspection")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("复查日期")
    status = models.CharField("状态", max_length=12, choices=ReInspectionStatus.choices,
                              default=ReInspectionStatus.SCHEDULED)
    result = models.CharField("复查结论", max_length=200, blank=True,
                              help_text="复查记录签名完成后，整改事项（如隐患台账）随之如何")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "复查安排"
        verbose_name_plural = verbose_name
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"]),
                   models.Index(fields=["agency", "status", "due_on"]),
                   models.Index(fields=["enterprise", "due_on"])]

    def __str__(self) -> str:
        return f"复查 {self.enterprise_id} {self.due_on}"


def photo_path(instance: "Photo", filename: str) -> str:
    """Stored under its hash, with the extension ``photo_add`` gives (from the detected type)."""
    ext = os.path.splitext(filename)[1].lower() or ".jpg"
    return f"inspections/{instance.inspection_id}/{instance.sha256[:2]}/{instance.sha256}{ext}"


class Photo(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="photos")
    item = models.ForeignKey(ChecklistItem, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="photos")
    file = models.FileField("照片", upload_to=photo_path)
    sha256 = models.CharField(max_length=64)
    client_id = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Judged from the bytes at upload. Empty type and NULL size: the bytes were already
    # lost when migration 0003 filled the columns of the older photos.
    content_type = models.CharField("类型", max_length=40, blank=True, default="")
    size = models.PositiveIntegerField("字节数", null=True, blank=True)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = verbose_name
        ordering = ["inspection", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "client_id"],
                                               name="photo_unique_client_id")]


class Transition(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = verbose_name
        ordering = ["inspection", "id"]


# ---------------------------------------------------------------- signatures (签名链)


class SignatureChain(models.Model):
    """The head of the single signature chain, locked while a signature is appended so the
    chain stays linear under concurrent signing."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class Signature(models.Model):
    """One signature on a record. ``hash`` = SHA-256(previous hash + canonical JSON of the
    signed content), so changing a signed record or a signature breaks the chain."""

    seq = models.PositiveBigIntegerField("链序号", unique=True)
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="signatures")
    kind = models.CharField("签名类型", max_length=12, choices=SignatureKind.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签名人", null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=50)
    statement = models.TextField("签收意见/拒签情况", blank=True)
    drawing = models.TextField("手写签名", blank=True)
    witness = models.CharField("见证人", max_length=50, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    signed_at = models.DateTimeField("签名时间")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "签名"
        verbose_name_plural = verbose_name
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["inspection", "signer"],
                                               condition=Q(signer__isnull=False),
                                               name="signature_once_per_officer")]


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` for ``POST /api/v1/inspections``: a resent request
    returns the stored response instead of creating a second record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    inspection = models.ForeignKey(Inspection, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    status_code = models.PositiveSmallIntegerField(default=201)
    response = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="idempotency_key_unique")]
