"""The gallery in the admin: outlets with their hours, closures and photos; stock, food batches
and the ledger.

Stock rows are read-only for everyone: deliveries, returns, losses and count corrections are
recorded through forms that call ``gallery.services``.
"""

from .batches import BatchAdmin
from .outlets import OutletAdmin
from .stock import StockLevelAdmin, StockMovementAdmin

__all__ = ["BatchAdmin", "OutletAdmin", "StockLevelAdmin", "StockMovementAdmin"]
