"""The order rules: placing an order and moving it through pickup.

Stock changes only through ``gallery.services`` (the consignment ledger).
"""

from .accounts import guest_orders_attach
from .errors import OrderError, OrderItemsUnavailable, OrderTransitionError
from .lifecycle import order_cancel, order_collect, order_expire, order_mark_ready
from .placing import order_number_new, order_place

__all__ = [
    "OrderError",
    "OrderItemsUnavailable",
    "OrderTransitionError",
    "guest_orders_attach",
    "order_cancel",
    "order_collect",
    "order_expire",
    "order_mark_ready",
    "order_number_new",
    "order_place",
]
