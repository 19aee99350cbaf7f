"""The order rules: placing an order and moving it through pickup.

Stock changes only through ``gallery.services`` (the consignment ledger).
"""

from .errors import OrderError, OrderItemsUnavailable, OrderTransitionError
from .lifecycle import order_cancel, order_collect, order_expire, order_mark_ready
from .placing import order_number_new, order_place

__all__ = [
    "OrderError",
    "OrderItemsUnavailable",
    "OrderTransitionError",
    "order_cancel",
    "order_collect",
    "order_expire",
    "order_mark_ready",
    "order_number_new",
    "order_place",
]
