from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix

from .urls_fixed import fixed_url, urlconf

# Menu entries after 首页 and 企业档案, as (label, url name). Apps append here; entries whose
# URL does not resolve (an app not installed) are skipped.
NAV: list[tuple[str, str]] = [
    ("法规速查", "legalref:index"),
    ("执法计划", "planning:index"),
    ("执法检查", "inspections:list"),
    ("隐患台账", "hazards:list"),
    ("处罚案件", "cases:list"),
    ("行政区划", "regions:index"),
]


# (URLconf, script prefix, STATIC_URL) → the menu and the layout's own links. URLs do not
# change at run time: reversing and joining them for every page was a fifth of rendering the
# page frame.
_resolved: dict[tuple, tuple[list[dict], dict]] = {}


def _menu_and_links() -> tuple[list[dict], dict]:
    key = (urlconf(), get_script_prefix(), settings.STATIC_URL)
    if key not in _resolved:
        items = []
        for label, name in NAV:
            try:
                items.append({"label": label, "url": fixed_url(name)})
            except NoReverseMatch:
                continue
        links = {"home": fixed_url("home"), "registry": fixed_url("registry:list"),
                 "logout": fixed_url("logout"),
                 "bootstrap_css": static("vendor/bootstrap/css/bootstrap.min.css"),
                 "anzhi_css": static("anzhi/anzhi.css"),
                 "htmx_js": static("vendor/htmx/htmx.min.js")}
        _resolved[key] = items, links
    return _resolved[key]


def navigation(request):
    user = getattr(request, "user", None)
    items, links = _menu_and_links()
    return {"NAV_ITEMS": items if user is not None and user.is_authenticated else [],
            "LAYOUT": links, "DEMO_MODE": settings.DEBUG}
