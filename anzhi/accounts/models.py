from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models


class Agency(models.Model):
    """安委办, a department or a station. Only agencies with enforcement power enforce."""

    class Kind(models.TextChoices):
        COMMITTEE_OFFICE = "committee_office", "安委办"
        EMERGENCY = "emergency", "应急管理"
        COMPREHENSIVE = "comprehensive", "综合行政执法"
        POLICE = "police", "派出所"
        HOUSING = "housing", "住建"
        TRANSPORT = "transport", "交通运输"
        MARKET = "market", "市场监管"
        FIRE = "fire", "消防"
        NATURAL_RESOURCES = "natural_resources", "自然资源"
        AGRICULTURE = "agriculture", "农业农村"
        EDUCATION = "education", "教育"
        CULTURE_TOURISM = "culture_tourism", "文化旅游"
        OTHER = "other", "其他"

    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="agencies")
    parent = models.ForeignKey("self", verbose_name="上级机构", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    has_enforcement_power = models.BooleanField("具有执法权", default=False)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = verbose_name
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="agency_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    COMMITTEE_ADMIN = "committee_admin", "安委办管理员"
    AGENCY_HEAD = "agency_head", "机构负责人"
    OFFICER = "officer", "执法人员"
    AUXILIARY = "auxiliary", "辅助人员"
    VILLAGE_ASSISTANT = "village_assistant", "村安全协管员"
    ENTERPRISE = "enterprise", "企业用户"
    DISCIPLINE = "discipline", "纪委监督"
    LEADER = "leader", "领导"


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=32, choices=Role.choices, blank=True)
    agency = models.ForeignKey(Agency, verbose_name="所属机构", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="members")
    region = models.ForeignKey("regions.Region", verbose_name="负责区域", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text="村安全协管员、纪委、领导的辖区；其余角色取所属机构的区划")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="所属企业", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="users")
    phone = models.CharField("手机号", max_length=20, blank=True)
    is_demo = models.BooleanField("演示账号", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Certificate(models.Model):
    """执法证. An officer may hold several over the years; acts need one valid on their day."""

    holder = models.ForeignKey(User, verbose_name="持证人", on_delete=models.PROTECT,
                               related_name="certificates")
    number = models.CharField("执法证号", max_length=40, unique=True)
    issuing_authority = models.CharField("发证机关", max_length=100)
    valid_from = models.DateField("有效期起", null=True, blank=True)
    valid_until = models.DateField("有效期至")
    revoked = models.BooleanField("已注销", default=False)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = verbose_name
        ordering = ["-valid_until"]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: date) -> bool:
        if self.revoked:
            return False
        if self.valid_from and day < self.valid_from:
            return False
        return day <= self.valid_until


class ApiToken(models.Model):
    """A bearer token for the API. Only the SHA-256 of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = verbose_name


class Conflict(models.Model):
    """A declared conflict of interest (回避, 行政处罚法 Art 43): the officer must not act
    on this enterprise."""

    officer = models.ForeignKey(User, verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="conflicts")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="企业",
                                   on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("回避理由", max_length=200)
    declared_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "回避声明"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["officer", "enterprise"],
                                               condition=models.Q(is_active=True),
                                               name="conflict_one_active")]
