from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class PlanItemKind(models.TextChoices):
    KEY = "key", "重点行业领域全覆盖"
    GRADE = "grade", "按风险等级定频次"
    RANDOM = "random", "双随机抽查名录库"


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", "已公示承诺值（待抽取）"
    EXECUTED = "executed", "已抽取"
    VOID = "void", "已作废"


class RotationStatus(models.TextChoices):
    ACTIVE = "active", "进行中"
    FINISHED = "finished", "已结束"


class HandoverStatus(models.TextChoices):
    RECORDED = "recorded", "已登记"
    HANDED_OVER = "handed_over", "已移交（双方签字）"
    ACTED = "acted", "已处理"
    CLOSED = "closed", "已销号"


class CampaignMetric(models.TextChoices):
    INSPECTIONS = "inspections", "检查次数"
    ENTERPRISES = "enterprises", "检查企业家数"
    FINDINGS = "findings", "发现问题数"


# Risk grade → planned inspections per year (editable per plan).
DEFAULT_FREQUENCY = {"A": 4, "B": 2, "C": 0, "D": 0}
# Key sectors covered in full: sector names (resolved to codes when a plan is created) …
DEFAULT_KEY_SECTOR_NAMES = ("非煤矿山", "危险化学品", "烟花爆竹", "建筑施工", "交通运输")
# … and enterprise flags that make a unit a key one (重大危险源, 两客一危, 危化品生产/储存).
KEY_FLAGS = {
    "has_major_hazard_source": "重大危险源",
    "passenger_hazmat_transport": "两客一危",
    "hazchem_production": "危化品生产",
    "hazchem_storage": "危化品储存",
    "hazchem_trade": "危化品经营",
}
DEFAULT_KEY_FLAGS = ("has_major_hazard_source", "passenger_hazmat_transport",
                     "hazchem_production", "hazchem_storage")
# The random part of a plan samples at least this share of the remaining units
# (双随机抽查比例不低于 5%).
MIN_RANDOM_RATIO = "0.05"
DEFAULT_RANDOM_RATIO = "0.05"
MAX_FREQUENCY = 52
