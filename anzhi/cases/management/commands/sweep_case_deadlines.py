"""Flag the legal clocks of open cases that ran out, and raise 70 % / 90 % warnings.

Run daily by the huey periodic task (anzhi.cases.tasks); also by hand: `anzhi sweep_case_deadlines`.
"""

import datetime as dt

from django.core.management.base import BaseCommand

from anzhi.cases import clocks


class Command(BaseCommand):
    help = "巡查案件法定期限：标记已超期的期限，发出 70%、90% 预警"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期巡查（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        day = dt.date.fromisoformat(options["date"]) if options.get("date") else None
        result = clocks.sweep(day)
        self.stdout.write(
            f"超期 {result['missed']} 项，90%预警 {result['warned90']} 项，"
            f"70%预警 {result['warned70']} 项，补算届满日 {result['filled']} 项")
