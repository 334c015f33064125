import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anzhi.settings")
application = get_asgi_application()

from anzhi.core.production import ready_to_serve  # noqa: E402  (needs the app registry)

ready_to_serve()
