"""``{% frame %}``: a Django template's page inside the one page frame, ``base.jinja``.

``templates/base.html`` is only this tag around the two blocks pages fill::

    {% frame %}{% block title %}…{% endblock %}
    {% content %}{% block content %}{% endblock %}{% endframe %}

The frame renders both parts first and hands them to the Jinja2 template as ``title`` and
``content``, so Django and Jinja2 pages share one frame (see ``core.jinja`` for why there
are two engines).
"""

from django import template
from django.middleware.csrf import get_token
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()

# What base.jinja reads from the page's context, beside title and content.
FRAME_CONTEXT = ("user", "messages", "LAYOUT", "NAV_ITEMS", "request")


class FrameNode(template.Node):
    child_nodelists = ("title", "content")

    def __init__(self, title: template.NodeList, content: template.NodeList):
        self.title = title
        self.content = content

    def render(self, context) -> str:
        values = {key: context.get(key) for key in FRAME_CONTEXT}
        values["title"] = mark_safe(self.title.render(context))
        values["content"] = mark_safe(self.content.render(context))
        request = values["request"]
        if request is not None:
            values["csrf_token"] = get_token(request)
        return engines["jinja2"].get_template("base.jinja").template.render(values)


@register.tag
def frame(parser, token) -> FrameNode:
    title = parser.parse(("content",))
    parser.delete_first_token()
    content = parser.parse(("endframe",))
    parser.delete_first_token()
    return FrameNode(title, content)
