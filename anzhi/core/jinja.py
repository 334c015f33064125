"""The Jinja2 environment for the templates under ``jinja2/`` directories.

Most pages are Django templates. The page frame (``base.jinja``, which every Django page
gets through ``{% frame %}``) and the enterprise list are Jinja2, because Jinja2 compiles a
template to Python: over a million enterprises the township list's own queries take about
2.5 ms, and the Django template language spent longer than that rendering the frame, the
filter bar and 20 rows (measured in bench/RESULTS.md, "列表页（乡镇执法人员，本辖区）").

What Jinja2 templates get beside the context: ``url(name, *args)`` (``reverse``),
``fixed_url(name)`` (``core.urls_fixed``: a URL without per-record arguments, reversed once),
``static(path)``, the choice writers of ``core.templatetags.choices`` (``select``,
``checkboxes``) and the filter ``intcomma``.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment

from .templatetags.choices import checkboxes, select
from .urls_fixed import fixed_url


def url(name: str, *args) -> str:
    return reverse(name, args=args or None)


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update({"url": url, "fixed_url": fixed_url, "static": static,
                        "select": select, "checkboxes": checkboxes})
    env.filters["intcomma"] = intcomma
    return env
