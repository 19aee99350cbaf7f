from django import template

register = template.Library()


def format_rupiah(amount) -> str:
    """Whole Rupiah in the Indonesian spelling: ``Rp150.000`` (no space, "." between thousands)."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")


register.filter("rupiah", format_rupiah)
