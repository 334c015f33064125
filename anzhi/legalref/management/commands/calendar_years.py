"""``anzhi calendar-years``: which years' working days Anzhi can count, and from where."""

from django.core.management.base import BaseCommand

from anzhi.law import workdays
from anzhi.legalref import calendar
from anzhi.legalref.models import CalendarYear


class Command(BaseCommand):
    help = "列出可以计算工作日的年份及其来源（内置、数据文件或管理员录入）"

    def handle(self, *args, **options):
        entered = calendar.sync()  # every command that counts working days starts like this
        rows = {r.year: r for r in CalendarYear.objects.all()}
        for year in workdays.known_years():
            if year in entered:
                row = rows[year]
                source = f"管理员录入：{row.source}（第{row.revision}次）"
            elif year in workdays._PACKAGE_YEARS:
                source = "内置（chinesecalendar）"
            else:
                source = "数据文件 calendar.toml"
            self.stdout.write(f"{year}\t{source}")
        years = workdays.known_years()
        self.stdout.write(f"{years[-1] + 1}年起尚未录入，按工作日计算的期限将被拒绝。")
