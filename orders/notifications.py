"""What the shopper is told about an order: the email, and the prefilled WhatsApp messages.

Messages are written in the shopper's language (``Order.language``), whoever moves the order.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.formats import format_date
from core.outbox import email_enqueue
from core.phones import whatsapp_digits
from core.templatetags.rupiah import format_rupiah

from .models import Order

Status = Order.Status


def _context(order: Order) -> dict:
    return {
        "name": order.first_name,
        "number": order.number,
        "total": format_rupiah(order.total),
        "outlet": order.outlet.name,
        "address": order.outlet.address,
        "date": format_date(order.pickup_until),
        "method": order.get_payment_method_display(),
    }


def status_message(order: Order, reason: str = "") -> str:
    """One paragraph for the shopper about where the order stands, in their language."""
    with translation.override(order.language):
        context = _context(order)
        if order.status == Status.PLACED:
            text = _(
                "Hello %(name)s, thank you for your order %(number)s at Galeri Menong. The total "
                "of %(total)s is paid at %(outlet)s when you pick it up (cash or QRIS). We will "
                "tell you when it is ready. Please pick it up by %(date)s."
            )
        elif order.status == Status.READY:
            text = _(
                "Hello %(name)s, your order %(number)s is ready for pickup at %(outlet)s, "
                "%(address)s. Please pay %(total)s at the counter (cash or QRIS) and come by "
                "%(date)s."
            )
        elif order.status == Status.COLLECTED:
            text = _(
                "Hello %(name)s, thank you for collecting your order %(number)s (%(total)s, paid "
                "by %(method)s). See you again at Galeri Menong!"
            )
        elif order.status == Status.CANCELLED:
            text = _("Hello %(name)s, your order %(number)s has been cancelled.")
            if reason:
                text += " " + _("Reason: %(reason)s") % {"reason": reason.replace("%", "%%")}
        else:
            text = _(
                "Hello %(name)s, your order %(number)s was not collected by %(date)s and has "
                "expired: the goods went back on the shelf. You are welcome to order again."
            )
        return text % context


def shopper_whatsapp_url(order: Order, reason: str = "") -> str:
    """A wa.me link for staff: a chat with the shopper, the status message already typed."""
    query = urlencode({"text": status_message(order, reason)})
    return f"https://wa.me/{whatsapp_digits(order.phone)}?{query}"


def outlet_whatsapp_url(order: Order) -> str:
    """A wa.me link for the shopper: a chat with the pickup outlet about this order."""
    phone = order.outlet.whatsapp or settings.GALLERY_CONTACT_WHATSAPP
    text = _("Hello %(outlet)s, I have a question about my order %(number)s.") % {
        "outlet": order.outlet.name,
        "number": order.number,
    }
    return f"https://wa.me/{whatsapp_digits(phone)}?{urlencode({'text': text})}"


def order_email_queue(*, order: Order, change=None) -> None:
    """Email the shopper where the order stands, if they gave an address.

    Queued in the order's transaction: a mail server outage never undoes or blocks the order,
    and the email goes out once the server answers again.
    """
    if not order.email:
        return
    reason = change.reason if change is not None else ""
    with translation.override(order.language):
        lookup = reverse("orders:order-lookup") + "?" + urlencode({"number": order.number})
        context = {
            "order": order,
            "lines": list(order.lines.all()),
            "message": status_message(order, reason),
            "lookup_url": settings.SITE_URL + lookup,
            "outlet_whatsapp_url": outlet_whatsapp_url(order),
        }
        subject = _("Galeri Menong order %(number)s: %(status)s") % {
            "number": order.number,
            "status": order.get_status_display().lower(),
        }
        body = render_to_string("orders/email/order_status.txt", context)
    email_enqueue(to=order.email, subject=subject, body=body, kind=f"order_{order.status}")
