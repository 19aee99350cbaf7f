"""The consignment ledger. Nothing else changes stock.

Every change writes a ``StockMovement`` row (one per batch touched, for food) and applies the same
change to the ``StockLevel`` of that (outlet, product), whose row is locked first, then to the
batches, locked after their level. When several levels change in one transaction
they are locked in product order, so two checkouts can never wait on each other in a cycle. The
database's CHECK constraints are the last guard: on hand and reserved never go below zero, and
reserved never exceeds on hand.
"""

from .batches import BatchSpec
from .deliveries import delivery_receive, delivery_return
from .errors import InsufficientStock, Shortage, StockError
from .ledger import (
    stock_adjust,
    stock_receive,
    stock_record_loss,
    stock_release,
    stock_reserve,
    stock_return_to_vendor,
    stock_sell_at_counter,
    stock_sell_reserved,
    stock_take_back,
)

__all__ = [
    "BatchSpec",
    "InsufficientStock",
    "Shortage",
    "StockError",
    "delivery_receive",
    "delivery_return",
    "stock_adjust",
    "stock_receive",
    "stock_record_loss",
    "stock_release",
    "stock_reserve",
    "stock_return_to_vendor",
    "stock_sell_at_counter",
    "stock_sell_reserved",
    "stock_take_back",
]
