from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "anzhi.core"
    verbose_name = "核心"
