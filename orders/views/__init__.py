"""The shopper's pages (cart, checkout, order lookup and detail) and the vendor's order lines."""

from .cart import cart_add, cart_detail, cart_remove, cart_update
from .checkout import CHECKOUT_KEY, TOKENS_KEY, checkout, checkout_place, checkout_review
from .dashboard import vendor_order_lines
from .pages import (
    GRANTS_KEY,
    LOOKUP_FAILURES_ALLOWED,
    MyOrderListView,
    order_cancel,
    order_detail,
    order_lookup,
)

__all__ = [
    "CHECKOUT_KEY",
    "GRANTS_KEY",
    "LOOKUP_FAILURES_ALLOWED",
    "TOKENS_KEY",
    "MyOrderListView",
    "cart_add",
    "cart_detail",
    "cart_remove",
    "cart_update",
    "checkout",
    "checkout_place",
    "checkout_review",
    "order_cancel",
    "order_detail",
    "order_lookup",
    "vendor_order_lines",
]
