from .sales import (
    RECEIPT_PATTERN,
    PaymentMethod,
    ReceiptSequence,
    Sale,
    SaleLine,
    SalePayment,
    SaleReturn,
    SaleReturnLine,
)
from .shifts import Shift
from .staff import Assignment
from .stocktake import STOCK_OPNAME_REASON, StockCount, StockCountLine

__all__ = [
    "RECEIPT_PATTERN",
    "STOCK_OPNAME_REASON",
    "Assignment",
    "PaymentMethod",
    "ReceiptSequence",
    "Sale",
    "SaleLine",
    "SalePayment",
    "SaleReturn",
    "SaleReturnLine",
    "Shift",
    "StockCount",
    "StockCountLine",
]
