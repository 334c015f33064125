"""Exceptions raised by services; pages and the API turn them into messages.

Services validate and raise; they never return half-done work. Every message is
Chinese and names the field it concerns, so a clerk can fix the input.
"""


class ServiceError(Exception):
    """Base for errors a service reports to its caller."""


class ValidationFailed(ServiceError):
    """Input is wrong. ``errors`` maps a field name to a Chinese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("；".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotAllowed(ServiceError):
    """The acting user may not do this (403)."""

    def __init__(self, message: str = "无权执行此操作"):
        self.message = message
        super().__init__(message)


class TransitionRefused(ServiceError):
    """The object's state does not permit this step (409). ``message`` says why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def fail(field: str, message: str) -> None:
    raise ValidationFailed({field: message})
