"""What the stock rules refuse; each message is meant for the person who asked."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


class StockError(Exception):
    """A stock change that the rules refuse; its message is meant for the person who asked."""


@dataclass(frozen=True)
class Shortage:
    product: object
    requested: int
    available: int


class InsufficientStock(StockError):
    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        names = ", ".join(str(s.product) for s in shortages)
        super().__init__(_("Not enough stock for: %(names)s.") % {"names": names})
