from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "anzhi.registry"
    verbose_name = "企业档案"

    def ready(self) -> None:
        from . import search  # noqa: F401  (keeps Enterprise.sector_codes in step)
