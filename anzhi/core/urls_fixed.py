"""``fixed_url``: reverse() for a URL that cannot change while the process runs (a name and
constant arguments), reversed once per URLconf and script prefix. Each reverse() costs a
list page more than rendering a row."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=1024)
def _reversed(urlconf, prefix: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


def fixed_url(name: str, *args) -> str:
    """``reverse(name, args=args)``. Only for constant ``args``: an argument per record
    (an enterprise's id) would fill the cache with one entry per record."""
    return _reversed(urlconf(), get_script_prefix(), name, args)


def urlconf() -> str:
    """The URLconf reverse() uses now: the request's own, or the settings'."""
    return get_urlconf() or settings.ROOT_URLCONF
