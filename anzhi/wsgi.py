import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anzhi.settings")
application = get_wsgi_application()

from anzhi.core.production import assert_safe  # noqa: E402  (needs the app registry)

assert_safe()
