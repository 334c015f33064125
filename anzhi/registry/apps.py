from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "anzhi.registry"
    verbose_name = "企业档案"
