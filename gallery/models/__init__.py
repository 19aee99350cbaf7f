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
    "OpeningHours",
    "Outlet",
    "OutletClosure",
    "OutletPhoto",
    "OutletQuerySet",
    "StockLevel",
    "StockLevelQuerySet",
    "StockMovement",
    "StockMovementQuerySet",
    "with_status",
]
