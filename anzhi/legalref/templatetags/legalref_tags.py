from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """100000 → "10万元", 2500 → "2,500元", 1234.5 → "1,234.50元"."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    if amount >= 10000 and amount % 100 == 0:
        wan = (amount / 10000).normalize()
        return f"{wan:f}万元"
    if amount == amount.to_integral_value():
        return f"{int(amount):,}元"
    return f"{amount:,.2f}元"


@register.filter
def share(value) -> str:
    """Decimal("0.4") → "40%"."""
    if value is None or value == "":
        return ""
    return f"{(Decimal(str(value)) * 100).normalize():f}%"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key, "")
