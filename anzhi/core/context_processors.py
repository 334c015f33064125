from django.conf import settings
from django.urls import NoReverseMatch, reverse

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


def navigation(request):
    items = []
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        for label, name in NAV:
            try:
                items.append({"label": label, "url": reverse(name)})
            except NoReverseMatch:
                continue
    return {"NAV_ITEMS": items, "DEMO_MODE": settings.DEBUG}
