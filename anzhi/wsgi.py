import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anzhi.settings")
application = get_wsgi_application()

from anzhi.core.production import ready_to_serve  # noqa: E402  (needs the app registry)

ready_to_serve()
