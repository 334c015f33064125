from django.db import models


class Industry(models.Model):
    """GB/T 4754-2017 国民经济行业分类: sections (门类, a letter) and divisions (大类, 2 digits)."""

    code = models.CharField("代码", max_length=4, primary_key=True)
    name = models.CharField("名称", max_length=100)
    section = models.ForeignKey("self", verbose_name="门类", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="divisions")

    class Meta:
        verbose_name = "国民经济行业"
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_section(self) -> bool:
        return self.section_id is None


class Sector(models.Model):
    """重点行业领域 (非煤矿山, 危险化学品 …). An enterprise may belong to several."""

    code = models.SlugField("代码", max_length=40, primary_key=True)
    name = models.CharField("名称", max_length=40, unique=True)
    high_risk = models.BooleanField("高危行业", default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "重点行业领域"
        verbose_name_plural = verbose_name
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name
