"""What changes state at the counter. Views and the admin call these; stock moves only through
``gallery.services``."""

from .errors import CounterError
from .reports import ShiftReport, expected_cash, shift_report
from .returns import ReturnInput, returnable, sale_return_record
from .sales import LineInput, PaymentInput, sale_record, sale_resolve, sale_void
from .shifts import shift_approve_difference, shift_close, shift_current, shift_open
from .stocktake import (
    stockcount_apply,
    stockcount_cancel,
    stockcount_differences,
    stockcount_record,
    stockcount_start,
)

__all__ = [
    "CounterError",
    "LineInput",
    "PaymentInput",
    "ReturnInput",
    "ShiftReport",
    "expected_cash",
    "returnable",
    "sale_record",
    "sale_resolve",
    "sale_return_record",
    "sale_void",
    "shift_approve_difference",
    "shift_close",
    "shift_current",
    "shift_open",
    "shift_report",
    "stockcount_apply",
    "stockcount_cancel",
    "stockcount_differences",
    "stockcount_record",
    "stockcount_start",
]
