from django.core.management.base import BaseCommand, CommandError

from anzhi.core.production import problems


class Command(BaseCommand):
    help = "检查生产环境配置：DEBUG、SECRET_KEY、演示账号。"

    def handle(self, *args, **options):
        found = problems()
        if found:
            raise CommandError("；".join(found))
        self.stdout.write("生产环境检查通过")
