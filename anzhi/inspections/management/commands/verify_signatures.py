from django.core.management.base import BaseCommand, CommandError

from anzhi.inspections.signing import verify_chain


class Command(BaseCommand):
    help = "校验执法检查签名链：逐条重算哈希，报告第一处断裂。"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.valid:
            where = f"第 {report.broken_seq} 号签名"
            if report.inspection_id:
                where += f"（检查记录 #{report.inspection_id}，签名 #{report.signature_id}）"
            raise CommandError(f"签名链校验失败：{where}：{report.reason}；"
                               f"此前 {report.checked} 个签名完好")
        self.stdout.write(f"签名链完好：共 {report.checked} 个签名")
