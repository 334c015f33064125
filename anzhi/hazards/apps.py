from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "anzhi.hazards"
    verbose_name = "隐患台账"

    def ready(self) -> None:
        from anzhi.core import followups
        from anzhi.core.worklist import register_work
        from anzhi.registry.tabs import register_tab

        from . import handlers, labels, worklist  # noqa: F401  (labels: API field names)
        from .selectors import dossier_tab_context

        for kind in (followups.RECTIFY_BY_DEADLINE, followups.ON_SITE_RECTIFIED,
                     followups.EMERGENCY_MEASURES):
            followups.register(kind, handlers.hazard_from_finding,
                               batch=handlers.hazards_from_findings)
        followups.register_review("hazards.hazard", handlers.review_from_inspection)
        register_tab("hazards", "隐患", "hazards/dossier_tab.html", dossier_tab_context)
        for line in worklist.LINES:
            register_work(line)
