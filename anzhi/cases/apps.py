from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "anzhi.cases"
    verbose_name = "行政处罚案件"

    def ready(self) -> None:
        from anzhi.core import followups
        from anzhi.core.worklist import register_work
        from anzhi.registry.tabs import register_tab

        from . import handlers, labels, worklist  # noqa: F401  (labels: API field names)
        from .selectors import dossier_tab_context

        followups.register(followups.FILE_CASE, handlers.file_case)
        followups.register(followups.SIMPLE_PENALTY, handlers.simple_penalty)
        followups.register(followups.TRANSFER, handlers.transfer)
        register_tab("cases", "处罚与移送", "cases/dossier_tab.html", dossier_tab_context)
        for line in worklist.LINES:
            register_work(line)
