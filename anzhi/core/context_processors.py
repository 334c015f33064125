from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse

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


_resolved: dict[object, list[dict]] = {}  # URLconf → the menu; URLs do not change at run time


def _menu() -> list[dict]:
    urlconf = get_urlconf()
    if urlconf not in _resolved:
        items = []
        for label, name in NAV:
            try:
                items.append({"label": label, "url": reverse(name)})
            except NoReverseMatch:
                continue
        _resolved[urlconf] = items
    return _resolved[urlconf]


def navigation(request):
    user = getattr(request, "user", None)
    items = _menu() if user is not None and user.is_authenticated else []
    return {"NAV_ITEMS": items, "DEMO_MODE": settings.DEBUG}
