from django.db import models

from anzhi.core import followups


class Mode(models.TextChoices):
    PLANNED = "planned", "计划"
    RANDOM = "random", "双随机"
    UNANNOUNCED = "unannounced", "四不两直"
    JOINT = "joint", "联合"
    CROSS_REGION = "cross_region", "异地互查"
    COVERT = "covert", "暗访"
    CAMPAIGN = "campaign", "专项"
    COMPLAINT = "complaint", "举报核查"
    REVIEW = "review", "复查"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待签名"
    SIGNED = "signed", "已签名"


class Result(models.TextChoices):
    COMPLIANT = "compliant", "符合"
    NONCOMPLIANT = "noncompliant", "不符合"
    NOT_APPLICABLE = "na", "不适用"


class MemberKind(models.TextChoices):
    OFFICER = "officer", "执法人员"
    EXPERT = "expert", "专家"
    AUXILIARY = "auxiliary", "辅助人员"


class SignatureKind(models.TextChoices):
    OFFICER = "officer", "执法人员签名"
    ENTERPRISE = "enterprise", "被检查单位签收"
    REFUSAL = "refusal", "被检查单位拒签"


class ReInspectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "待复查"
    DONE = "done", "已复查"


DispositionKind = models.TextChoices(
    "DispositionKind", [(k, (k, label)) for k, label in followups.KIND_LABELS.items()])
