from django.core.management.base import BaseCommand

from anzhi.demo.loading import demo_logins, format_logins


class Command(BaseCommand):
    help = "列出演示账号及其角色（密码均为 anzhi-demo）"

    def handle(self, *args, **options):
        self.stdout.write(format_logins(demo_logins()))
