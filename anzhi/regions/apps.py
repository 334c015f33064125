from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "anzhi.regions"
    verbose_name = "行政区划"
