"""Orders and shopper accounts: guest orders join an account once its address is confirmed."""

from django.db import transaction

from core.audit import audit

from ..models import Order


@transaction.atomic
def guest_orders_attach(*, user) -> int:
    """Give an account the orders placed without logging in under its email address.

    Only for a verified address: whoever signs up with somebody else's address must not see that
    person's orders. Orders of another account are never moved. Returns how many were attached.
    """
    if user is None or not user.email or not user.email_verified:
        return 0
    attached = Order.objects.filter(customer__isnull=True, email__iexact=user.email).update(
        customer=user
    )
    if attached:
        audit("guest_orders_attached", user=user, count=attached)
    return attached
