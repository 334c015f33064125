from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.regions.divisions import read_division_file
from anzhi.regions.models import Region
from anzhi.regions.services import divisions_import, divisions_preview


class Command(BaseCommand):
    help = ("导入统计用区划代码表（.xlsx/.csv）中的乡镇和村："
            "import_divisions 文件 --county 350524；有误的行逐行列出，可重复执行")

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 或 .csv 文件")
        parser.add_argument("--county", required=True,
                            help="上级区划代码（县级；也可为乡级，仅导入村）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file, county, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        parent = Region.objects.filter(pk=county.strip()).first()
        if parent is None:
            raise CommandError(f"区划代码 {county} 不存在（先运行 load_regions）")
        try:
            rows, headers = read_division_file(path.read_bytes(), path.name)
            service = divisions_preview if dry_run else divisions_import
            report = service(actor=None, parent=parent, rows=rows, headers=headers)
        except ValidationFailed as exc:
            raise CommandError("；".join(exc.errors.values())) from exc
        except NotAllowed as exc:
            raise CommandError(exc.message) from exc
        for error in report.errors:
            self.stderr.write(f"第{error.row}行 [{error.column}] {error.message}")
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write("（仅检查，未写入）")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"{parent.full_name}：新增{report.created}个，更新{report.updated}个"))
