from django.core.management.base import BaseCommand
from django.db import transaction

from anzhi.registry.data import sync_reference
from anzhi.registry.models import Industry, Sector


class Command(BaseCommand):
    help = ("按 anzhi/registry/data 下的文件同步国民经济行业分类（GB/T 4754-2017）"
            "和重点行业领域；可重复执行")

    def handle(self, *args, **options):
        with transaction.atomic():
            result = sync_reference(Industry, Sector)
        self.stdout.write(self.style.SUCCESS(str(result)))
