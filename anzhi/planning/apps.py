from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "anzhi.planning"
    verbose_name = "执法计划"
