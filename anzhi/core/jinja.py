"""The Jinja2 environment for the templates under ``jinja2/`` directories.

Most pages are Django templates. The page frame (``base.jinja``, which every Django page
gets through ``{% frame %}``), the enterprise list and the home page are Jinja2, because
Jinja2 compiles a template to Python: over a million enterprises the township list's own
queries take about 2.5 ms, and the Django template language spent longer than that
rendering the frame, the filter bar and 20 rows (bench/RESULTS.md,
"列表页（乡镇执法人员，本辖区）").

What Jinja2 templates get beside the context: ``fixed_url(name)`` (``core.urls_fixed``: a
URL without per-record arguments, reversed once), the choice writers of
``core.templatetags.choices`` (``select``, ``checkboxes``); the filters ``intcomma``
(humanize's, kept per number and language) and ``date(format)`` (Django's, in the current
time zone as Django templates show it).
"""

from functools import lru_cache

from django.contrib.humanize.templatetags import humanize
from django.template import defaultfilters
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import Environment

from .templatetags.choices import checkboxes, select
from .urls_fixed import fixed_url


@lru_cache(maxsize=4096)
def _grouped(value: int, language: str) -> str:
    return humanize.intcomma(value)


def intcomma(value) -> str:
    """humanize.intcomma: each call looked up the language's number formats again (9 µs;
    the province home page shows 40 figures)."""
    if type(value) is int:
        return _grouped(value, get_language())
    return humanize.intcomma(value)


def date(value, fmt: str | None = None) -> str:
    return defaultfilters.date(template_localtime(value), fmt)


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update({"fixed_url": fixed_url, "select": select, "checkboxes": checkboxes})
    env.filters.update({"intcomma": intcomma, "date": date})
    return env
