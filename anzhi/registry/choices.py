from django.db import models


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", "在营"
    SUSPENDED = "suspended", "停产整顿"
    CLOSED = "closed", "关闭取缔"
    DEREGISTERED = "deregistered", "注销"


class RiskGrade(models.TextChoices):
    """分类分级: A most risky (red) … D least (blue). Drives inspection frequency."""

    A = "A", "A级（重大风险）"
    B = "B", "B级（较大风险）"
    C = "C", "C级（一般风险）"
    D = "D", "D级（低风险）"


# The list's grade badge colour (bootstrap text-bg-*), for every grade.
RISK_GRADE_BADGES = {"A": "danger", "B": "warning", "C": "info", "D": "secondary"}


class MajorHazardLevel(models.TextChoices):
    ONE = "1", "一级"
    TWO = "2", "二级"
    THREE = "3", "三级"
    FOUR = "4", "四级"


class PersonRole(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_rep", "法定代表人"
    PRINCIPAL = "principal", "主要负责人"
    SAFETY_MANAGER = "safety_manager", "安全管理人员"


# Boolean flags on Enterprise and their Chinese labels, in display order.
FLAGS: dict[str, str] = {
    "labour_intensive": "劳动密集型",
    "crowded_place": "人员密集场所",
    "has_major_hazard_source": "重大危险源",
    "passenger_hazmat_transport": "两客一危",
    "ammonia_refrigeration": "涉氨制冷",
    "dust_explosion": "粉尘涉爆",
    "confined_space": "有限空间",
    "hazchem_production": "危化品生产",
    "hazchem_storage": "危化品储存",
    "hazchem_trade": "危化品经营",
    "hazchem_use": "危化品使用",
}
