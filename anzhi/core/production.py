"""Guards that stop a production server from starting in an unsafe state.

Settings already refuse DEBUG and the default secret when ANZHI_PRODUCTION=1; demo
accounts can only be checked once the database is reachable, so the WSGI/ASGI entry
points call ``assert_safe`` before serving.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def problems() -> list[str]:
    from anzhi.accounts.models import User

    found = []
    if settings.DEBUG:
        found.append("生产环境不得开启 DEBUG")
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        found.append("生产环境必须设置 SECRET_KEY")
    demo = list(User.objects.filter(is_demo=True).values_list("username", flat=True)[:10])
    if demo:
        found.append(f"生产数据库中存在演示账号：{', '.join(demo)}（请删除或停用后再启动）")
    return found


def assert_safe() -> None:
    if not settings.PRODUCTION:
        return
    found = problems()
    if found:
        raise ImproperlyConfigured("；".join(found))
