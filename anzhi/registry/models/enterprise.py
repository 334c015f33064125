from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import EnterpriseStatus, MajorHazardLevel, PersonRole, RiskGrade

# Partial indexes of the list's flag filters (``flags=dust_explosion``), by index name.
FLAG_INDEXES = {
    "labour_intensive": "registry_en_f_labour_intensive",
    "crowded_place": "registry_en_f_crowded_place",
    "has_major_hazard_source": "registry_en_f_major_hazard",
    "passenger_hazmat_transport": "registry_en_f_passenger_hazmat",
    "ammonia_refrigeration": "registry_en_f_ammonia",
    "dust_explosion": "registry_en_f_dust_explosion",
    "confined_space": "registry_en_f_confined_space",
    "hazchem_production": "registry_en_f_hazchem_prod",
    "hazchem_storage": "registry_en_f_hazchem_storage",
    "hazchem_trade": "registry_en_f_hazchem_trade",
    "hazchem_use": "registry_en_f_hazchem_use",
}


class Enterprise(models.Model):
    """生产经营单位 — the 一企一档 record. USCC is the natural key. Never deleted."""

    name = models.CharField("单位名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    address = models.CharField("地址", max_length=200, blank=True)
    # No index of its own: registry_en_region_name_id starts with it.
    region = models.ForeignKey("regions.Region", verbose_name="所在区划",
                               on_delete=models.PROTECT, related_name="+", db_index=False)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    industry = models.ForeignKey("registry.Industry", verbose_name="国民经济行业",
                                 null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sectors = models.ManyToManyField("registry.Sector", verbose_name="重点行业领域", blank=True,
                                     related_name="enterprises")
    sector_codes = models.TextField(
        "重点行业领域代码", blank=True, default="", editable=False,
        help_text="sectors 的代码（排序，逗号分隔），供列表按行业领域筛选走索引")
    employee_count = models.PositiveIntegerField("从业人数", default=0)
    above_scale = models.BooleanField("规模以上", default=False)

    labour_intensive = models.BooleanField("劳动密集型", default=False)
    crowded_place = models.BooleanField("人员密集场所", default=False)
    has_major_hazard_source = models.BooleanField("重大危险源", default=False)
    major_hazard_level = models.CharField("重大危险源等级", max_length=1, blank=True,
                                          choices=MajorHazardLevel.choices)
    passenger_hazmat_transport = models.BooleanField("两客一危", default=False)
    ammonia_refrigeration = models.BooleanField("涉氨制冷", default=False)
    dust_explosion = models.BooleanField("粉尘涉爆", default=False)
    confined_space = models.BooleanField("有限空间", default=False)
    hazchem_production = models.BooleanField("危化品生产", default=False)
    hazchem_storage = models.BooleanField("危化品储存", default=False)
    hazchem_trade = models.BooleanField("危化品经营", default=False)
    hazchem_use = models.BooleanField("危化品使用", default=False)

    risk_grade = models.CharField("风险等级", max_length=1, choices=RiskGrade.choices,
                                  default=RiskGrade.C)
    status = models.CharField("经营状态", max_length=16, choices=EnterpriseStatus.choices,
                              default=EnterpriseStatus.OPERATING)
    # No index of its own: the (lead_agency, name) index starts with it.
    lead_agency = models.ForeignKey("accounts.Agency", verbose_name="主责监管机构", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+",
                                    db_index=False, help_text="由监管关系维护，便于按机构筛选")
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = verbose_name
        ordering = ["name", "id"]
        indexes = [
            # The list's order by name, then id and region: every user's list is limited to
            # a region range, so with both in the index a filtered list is counted and its
            # page of ids found without reading the table (index-only scans).
            models.Index(fields=["name", "id", "region"], name="registry_en_name_id_region"),
            models.Index(fields=["risk_grade", "name", "id", "region"],
                         name="registry_en_grade_name_region"),
            models.Index(fields=["status", "name", "id", "region"],
                         name="registry_en_status_name_region"),
            models.Index(fields=["region", "name", "id"], name="registry_en_region_name_id"),
            models.Index(fields=["lead_agency", "name"]),
            # Each flag is true for a few in a hundred enterprises, which no other index
            # finds: the list's order and region, for those rows only (migration 0007).
            *(models.Index(fields=["name", "id", "region"], condition=Q(**{flag: True}),
                           name=name) for flag, name in FLAG_INDEXES.items()),
        ]

    def __str__(self) -> str:
        return self.name


class EnterprisePerson(models.Model):
    # (enterprise, role) serves every lookup by enterprise; its own index was a duplicate.
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="people",
                                   db_index=False)
    role = models.CharField("身份", max_length=20, choices=PersonRole.choices)
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("电话", max_length=20, blank=True)
    is_current = models.BooleanField("现任", default=True)

    class Meta:
        verbose_name = "企业人员"
        verbose_name_plural = verbose_name
        ordering = ["enterprise", "role", "id"]
        indexes = [models.Index(fields=["enterprise", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class Licence(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="licences")
    kind = models.CharField("证照种类", max_length=60)
    number = models.CharField("证照编号", max_length=60)
    issued_by = models.CharField("发证机关", max_length=100, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    is_current = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "证照"
        verbose_name_plural = verbose_name
        ordering = ["enterprise", "kind"]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class Supervision(models.Model):
    """监管主体: exactly one lead agency per enterprise, any number assisting."""

    # No single-column indexes: the unique (enterprise, agency) and the (agency, enterprise)
    # index lead with each key.
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                                   related_name="supervisions", db_index=False)
    agency = models.ForeignKey("accounts.Agency", verbose_name="监管机构",
                               on_delete=models.PROTECT, related_name="supervisions",
                               db_index=False)
    is_lead = models.BooleanField("主责", default=False)

    class Meta:
        verbose_name = "监管关系"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "agency"],
                                    name="supervision_unique_agency"),
            models.UniqueConstraint(fields=["enterprise"], condition=Q(is_lead=True),
                                    name="supervision_one_lead"),
        ]
        indexes = [models.Index(fields=["agency", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.agency}（{'主责' if self.is_lead else '协管'}）"


class StatusChange(models.Model):
    """A change of operating status and the order (文书) that made it."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                                   related_name="status_changes")
    from_status = models.CharField("原状态", max_length=16, choices=EnterpriseStatus.choices)
    to_status = models.CharField("新状态", max_length=16, choices=EnterpriseStatus.choices)
    order_number = models.CharField("决定文书号", max_length=80)
    order_date = models.DateField("决定日期")
    reason = models.TextField("理由", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "经营状态变更"
        verbose_name_plural = verbose_name
        ordering = ["-at"]
