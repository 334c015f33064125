from django.core.management.base import BaseCommand

from anzhi.registry.importing import jobs
from anzhi.registry.importing.files import KEEP_DAYS


class Command(BaseCommand):
    help = (f"删除超过 {KEEP_DAYS} 天仍未确认导入的企业名录上传文件，并先将运行超过 6 小时"
            "的导入标记为失败（导入记录保留；通常由定时任务每天运行）")

    def handle(self, *args, **options):
        removed = jobs.sweep_abandoned()
        self.stdout.write(f"已删除 {removed} 个过期的导入文件")
