"""The REST API under /api/v1/: one NinjaAPI, a router per app, shared error handling."""

from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import HttpError as NinjaHttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from anzhi.accounts.tokens import user_for_token
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.labels import pydantic_errors_to_fields


class BearerAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="安执 Anzhi API",
    version="1",
    description="安全生产执法监管平台接口。先用 POST /api/v1/auth/token 取得令牌，"
    "再在请求头中携带 Authorization: Bearer <token>。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[BearerAuth(), django_auth],
)


def _bad_request(request, errors: dict[str, str]):
    return api.create_response(request, {"detail": "输入有误", "errors": errors}, status=400)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc):
    return _bad_request(request, pydantic_errors_to_fields(exc.errors, request.path))


@api.exception_handler(ValidationFailed)
def on_validation_failed(request, exc):
    return _bad_request(request, exc.errors)


@api.exception_handler(NotAllowed)
def on_not_allowed(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(TransitionRefused)
def on_transition_refused(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "未找到"}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    # An integer beyond the database's range (e.g. an id of 2**70) is bad input, not a crash.
    return api.create_response(
        request, {"detail": "输入有误", "errors": {"body": "数值超出允许范围（整数过大）"}},
        status=400)


@api.exception_handler(NinjaHttpError)
def on_http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


api.add_router("/auth", "anzhi.accounts.api.auth_router")
api.add_router("", "anzhi.accounts.api.router")
api.add_router("/regions", "anzhi.regions.api.router")
api.add_router("/enterprises", "anzhi.registry.api.router")
api.add_router("/enterprises", "anzhi.registry.api_transfer.router")
api.add_router("/jobs", "anzhi.core.api.router")
api.add_router("/hazards", "anzhi.hazards.api.router")
api.add_router("/law", "anzhi.legalref.api.router")
api.add_router("/inspections", "anzhi.inspections.api.router")
api.add_router("/checklists", "anzhi.inspections.api.checklist_router")
api.add_router("", "anzhi.planning.api.router")
api.add_router("", "anzhi.cases.api.router")
