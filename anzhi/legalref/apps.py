from django.apps import AppConfig


class LegalrefConfig(AppConfig):
    name = "anzhi.legalref"
    verbose_name = "法规速查"

    def ready(self) -> None:
        from django.core.signals import request_started

        from . import calendar, labels  # noqa: F401  (labels: API field names)

        # The administrator-entered holiday schedule reaches anzhi.law.workdays in every
        # process: web requests here, huey tasks through the pre-execute hook, management
        # commands by calling calendar.sync() themselves.
        request_started.connect(calendar.on_request_started,
                                dispatch_uid="legalref.calendar.sync")
        calendar.install_huey_hook()
