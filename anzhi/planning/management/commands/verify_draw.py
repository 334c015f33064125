"""``anzhi verify-draw FILE``: check a published 双随机 draw from its JSON alone.

No database is touched: the file holds the pool snapshot, its hash, the commitment, the
revealed seed with the witnesses' entropy and the selection; the published algorithm in
anzhi.planning.drawalgo recomputes everything.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from anzhi.planning import drawalgo


class Command(BaseCommand):
    help = "核验双随机抽取公示文件（JSON），不访问数据库"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="抽取公示文件（/public/draws/<编号>.json 下载所得）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出核验结果")

    def handle(self, *args, **options):
        try:
            result = drawalgo.verify_file(options["file"])
        except OSError as exc:
            raise CommandError(f"文件：无法读取（{exc}）") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            for name, ok in result["checks"].items():
                self.stdout.write(f"{CHECK_LABELS.get(name, name)}：{'通过' if ok else '不通过'}")
            for message in result["errors"]:
                self.stdout.write(f"· {message}")
        if not (result["valid"] and result["executed"]):
            raise CommandError("核验未通过" if result["executed"] or not result["valid"]
                               else "尚未抽取，只核对了名录库哈希")
        self.stdout.write(self.style.SUCCESS("核验通过：抽取结果与公开算法的计算结果一致"))


CHECK_LABELS = {"pool_hash": "名录库哈希", "commitment": "承诺值", "seed": "种子",
                "selection": "抽取结果"}
