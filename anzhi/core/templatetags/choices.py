"""Choice fields written straight to HTML.

A list page's filter bar holds several selects; Django renders each option of each widget
through a template, which cost the enterprise list more than all of its queries. These tags
write the same markup (bootstrap classes, the label as aria-label, the bound value
selected) in one pass.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _chosen(field) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


@register.simple_tag
def select(field, css: str = "form-select") -> SafeString:
    """``{% select form.status %}``: a single-choice bound field as a <select>."""
    chosen = _chosen(field)
    options = format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) in chosen else "", label)
         for value, label in field.field.choices))
    return format_html('<select name="{}" class="{}" aria-label="{}" id="{}">{}</select>',
                       field.html_name, css, field.label, field.auto_id or "", options)


@register.simple_tag
def checkboxes(field, css: str = "small") -> SafeString:
    """``{% checkboxes form.flags %}``: a multiple-choice bound field as labelled checkboxes."""
    chosen = _chosen(field)
    return format_html_join(
        " ", '<label class="{}"><input type="checkbox" name="{}" value="{}"{}> {}</label>',
        ((css, field.html_name, value, " checked" if str(value) in chosen else "", label)
         for value, label in field.field.choices))
