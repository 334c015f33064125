from django.db import models


class Level(models.TextChoices):
    GENERAL = "general", "一般事故隐患"
    MAJOR = "major", "重大事故隐患"


class Status(models.TextChoices):
    PENDING = "pending", "待整改"
    RECTIFYING = "rectifying", "整改中"
    AWAITING_REVIEW = "awaiting_review", "待复查"
    CLOSED = "closed", "已销号"


OPEN_STATUSES = (Status.PENDING, Status.RECTIFYING, Status.AWAITING_REVIEW)


class Source(models.TextChoices):
    INSPECTION = "inspection", "执法检查发现"
    SELF_REPORT = "self_report", "企业自查自报"
    COMPLAINT = "complaint", "举报投诉核查"
    ACCIDENT = "accident", "事故调查"
    OTHER = "other", "其他"


class ListingLevel(models.TextChoices):
    TOWNSHIP = "township", "乡镇挂牌督办"
    COUNTY = "county", "县级挂牌督办"


class FileKind(models.TextChoices):
    FINDING = "finding", "隐患照片"
    BEFORE = "before", "整改前照片"
    AFTER = "after", "整改后照片"
    OTHER = "other", "其他材料"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "整改即将到期"
    OVERDUE = "overdue", "整改已逾期"


class DutyKind(models.TextChoices):
    SELF_INSPECTION = "self_inspection", "主要负责人带队自查"
    DRILL = "drill", "应急演练"
    TRAINING = "training", "从业人员安全培训"


class DutyScope(models.TextChoices):
    """Which enterprises a duty frequency applies to; the most demanding one wins."""

    ALL = "all", "全部生产经营单位"
    HIGH_RISK = "high_risk", "高危行业领域"
    CROWDED_PLACE = "crowded_place", "人员密集场所"
    LABOUR_INTENSIVE = "labour_intensive", "劳动密集型企业"
