from datetime import date

from django.core.management.base import BaseCommand

from anzhi.hazards.services import daily_run


class Command(BaseCommand):
    help = "隐患逾期标记、到期提醒和每日提醒摘要（通常由定时任务每天运行）"

    def add_arguments(self, parser):
        parser.add_argument("--day", help="按该日期运行（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        day = date.fromisoformat(options["day"]) if options.get("day") else None
        result = daily_run(day=day)
        self.stdout.write(f"标记逾期 {result['overdue']} 项，到期提醒 {result['due_soon']} 条，"
                          f"摘要 {result['digests']} 份")
