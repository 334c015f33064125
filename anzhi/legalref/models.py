"""The holiday schedule an administrator enters when the State Council publishes a new year
(国务院办公厅关于某年部分节假日安排的通知). ``calendar.sync`` feeds it to anzhi.law.workdays.

One ``CalendarYear`` per year, its days in ``HolidayOverride``. Re-entering a year voids the
rows that changed and adds the new ones; nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import DayKind


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("依据文号", max_length=100,
                              help_text="如：国办发明电〔2026〕7号")
    note = models.TextField("备注", blank=True)
    revision = models.PositiveIntegerField("修订次数", default=1)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = verbose_name
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100),
                                   name="calendar_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class HolidayOverride(models.Model):
    calendar = models.ForeignKey(CalendarYear, verbose_name="年度", on_delete=models.PROTECT,
                                 related_name="days")
    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=DayKind.choices)
    note = models.CharField("说明", max_length=50, blank=True, help_text="如：春节")
    revision = models.PositiveIntegerField("录入于第几次修订", default=1)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "节假日调整日"
        verbose_name_plural = verbose_name
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=Q(voided_at__isnull=True),
                                    name="holiday_override_one_active_per_date"),
            models.CheckConstraint(condition=Q(kind__in=DayKind.values),
                                   name="holiday_override_kind_valid"),
        ]
        indexes = [models.Index(fields=["calendar", "voided_at"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
