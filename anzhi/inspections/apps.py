from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "anzhi.inspections"
    verbose_name = "执法检查"

    def ready(self) -> None:
        from anzhi.core.worklist import register_work
        from anzhi.registry.tabs import register_tab

        from . import (
            labels,  # noqa: F401  (Chinese names of API fields)
            worklist,
        )
        from .selectors import dossier_tab_context

        register_tab("inspections", "执法检查", "inspections/dossier_tab.html",
                     dossier_tab_context)
        for line in worklist.LINES:
            register_work(line)
