"""Choice fields written straight to HTML.

A list page's filter bar holds several selects; Django renders each option of each widget
through a template, which cost the enterprise list more than all of its queries. These tags
write the same markup (bootstrap classes, the label as aria-label, the bound value
selected) in one pass. Each option is escaped once per distinct list of choices and kept
in both its states, so a request only picks the state (escaping every label of the sector
list on every request was a fifth of the list page's own time).
"""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _chosen(field) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


# (value, markup unselected, markup selected) for each choice.
Rendered = tuple[tuple[str, str, str], ...]


@lru_cache(maxsize=256)
def _options(choices: tuple) -> Rendered:
    return tuple((str(value), format_html('<option value="{}">{}</option>', value, label),
                  format_html('<option value="{}" selected>{}</option>', value, label))
                 for value, label in choices)


@lru_cache(maxsize=256)
def _boxes(css: str, name: str, choices: tuple) -> Rendered:
    box = '<label class="{}"><input type="checkbox" name="{}" value="{}"{}> {}</label>'
    return tuple((str(value), format_html(box, css, name, value, "", label),
                  format_html(box, css, name, value, " checked", label))
                 for value, label in choices)


def _join(rendered: Rendered, chosen: set[str], sep: str = "") -> SafeString:
    return mark_safe(sep.join(on if value in chosen else off for value, off, on in rendered))


@register.simple_tag
def select(field, css: str = "form-select") -> SafeString:
    """``{% select form.status %}``: a single-choice bound field as a <select>."""
    return _select(field.html_name, css, field.label, field.auto_id or "",
                   tuple(field.field.choices), frozenset(_chosen(field)))


@lru_cache(maxsize=512)
def _select(name: str, css: str, label: str, auto_id: str, choices: tuple,
            chosen: frozenset) -> SafeString:
    """The whole <select>, kept per field, choices and chosen values: a list page shows
    the same few filter bars again and again."""
    return format_html('<select name="{}" class="{}" aria-label="{}" id="{}">{}</select>',
                       name, css, label, auto_id, _join(_options(choices), chosen))


@register.simple_tag
def checkboxes(field, css: str = "small") -> SafeString:
    """``{% checkboxes form.flags %}``: a multiple-choice bound field as labelled checkboxes."""
    return _join(_boxes(css, field.html_name, tuple(field.field.choices)), _chosen(field), " ")
