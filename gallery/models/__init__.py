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
from .reports import ExpiryReport
from .stock import StockLevel, StockLevelQuerySet, StockMovement, StockMovementQuerySet

__all__ = [
    "WHATSAPP_PATTERN",
    "Batch",
    "BatchQuerySet",
    "ExpiryReport",
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
