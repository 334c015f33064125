import time

from django.core.management.base import BaseCommand

from anzhi.demo.activity import ACTIVITY_LABELS, load_activity
from anzhi.demo.loading import DEFAULT_COUNT, demo_logins, format_logins, load_demo


class Command(BaseCommand):
    help = ("载入演示数据：安溪县湖上乡、村、监管机构、演示账号（密码 anzhi-demo）和约2000家企业；"
            "可重复执行，已有的不再改动")

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=DEFAULT_COUNT,
                            help=f"企业数量（默认 {DEFAULT_COUNT}）")
        parser.add_argument("--seed", default="anzhi-demo", help="随机种子（同一种子数据相同）")
        parser.add_argument("--county-only", action="store_true",
                            help="只载入福建省、泉州市、安溪县，不载入全国区划")
        parser.add_argument("--logins", action="store_true", help="完成后列出演示账号")
        parser.add_argument("--no-activity", action="store_true",
                            help="只载入企业档案，不载入执法计划、检查、隐患和案件")

    def handle(self, *args, enterprises, seed, county_only, logins, no_activity, **options):
        started = time.monotonic()
        result = load_demo(enterprises=enterprises, seed=seed, all_regions=not county_only)
        self.stdout.write(self.style.SUCCESS(f"{result}（{time.monotonic() - started:.1f} 秒）"))
        if not no_activity:
            started = time.monotonic()
            written = load_activity()
            self.stdout.write(self.style.SUCCESS(
                "演示业务数据：" + "、".join(f"{ACTIVITY_LABELS[k]}{n}" for k, n in written.items())
                + f"（已有的不再重复；{time.monotonic() - started:.1f} 秒）"))
        if logins:
            self.stdout.write(format_logins(demo_logins()))
