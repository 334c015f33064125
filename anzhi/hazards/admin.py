from django.contrib import admin

from .models import DutyRule


@admin.register(DutyRule)
class DutyRuleAdmin(admin.ModelAdmin):
    list_display = ("duty", "scope", "min_count", "per_months", "verify", "is_active")
    list_filter = ("duty", "scope", "verify")
