from .batches import Batch, BatchQuerySet, today_in_jakarta
from .outlets import (
    WHATSAPP_PATTERN,
    OpeningHours,
    Outlet,
    OutletClosure,
    OutletPhoto,
    OutletQuerySet,
    with_status,
)
from .stock import StockLevel, StockLevelQuerySet, StockMovement, StockMovementQuerySet

__all__ = [
    "WHATSAPP_PATTERN",
    "Batch",
    "BatchQuerySet",
    "OpeningHours",
    "Outlet",
    "OutletClosure",
    "OutletPhoto",
    "OutletQuerySet",
    "StockLevel",
    "StockLevelQuerySet",
    "StockMovement",
    "StockMovementQuerySet",
    "today_in_jakarta",
    "with_status",
]
