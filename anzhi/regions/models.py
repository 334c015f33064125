from django.db import models


class Region(models.Model):
    """An administrative division keyed by its code.

    Province, prefecture and county use six-digit GB/T 2260 codes; townships the
    nine-digit and villages the twelve-digit statistical codes. A division contains
    every division whose code starts with its ``prefix``, which is what scoping uses:
    codes are digit strings, so "starts with P" is the range [P, P+1).
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, "省级"
        PREFECTURE = 2, "地级"
        COUNTY = 3, "县级"
        TOWNSHIP = 4, "乡级"
        VILLAGE = 5, "村级"

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    prefix = models.CharField("代码前缀", max_length=12, db_index=True)
    full_name = models.CharField("全称", max_length=200, blank=True)
    urban_rural_code = models.CharField(
        "城乡分类代码", max_length=3, blank=True,
        help_text="统计用城乡划分代码（111 主城区 … 220 村庄），村级区划导入时填写")

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = verbose_name
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return self.full_name or self.name

    def code_range(self) -> tuple[str, str]:
        return code_range(self.prefix)


PREFIX_LENGTH = {
    Region.Level.PROVINCE: 2,
    Region.Level.PREFECTURE: 4,
    Region.Level.COUNTY: 6,
    Region.Level.TOWNSHIP: 9,
    Region.Level.VILLAGE: 12,
}


def code_range(prefix: str) -> tuple[str, str]:
    """Lower (inclusive) and upper (exclusive) code bounds of everything under ``prefix``."""
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return prefix, upper


def prefix_of(code: str, level: int) -> str:
    return code[: PREFIX_LENGTH[level]]
