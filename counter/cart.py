"""The sale being put together at the counter, kept in the session, one per outlet.

The session holds product ids, quantities and line discounts only; names, prices and what is
available are read from the database each time the sale is shown, so the screen never shows a
stale price. Nothing is taken from stock until the sale is paid (``sale_record``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gallery.models import Batch
from products.models import Product

from .lookup import available_at
from .services import CounterError, LineInput
from .services.sales import MAX_LINES, MAX_QUANTITY

SESSION_KEY = "counter_sale"


@dataclass
class SaleLineDraft:
    product: Product
    quantity: int
    available: int
    discount: int = 0
    discount_reason: str = ""
    # Food: the batch staff chose (None: the one expiring first) and the live batches to pick.
    batch_id: int | None = None
    batches: list = field(default_factory=list)

    @property
    def unit_price(self) -> int:
        return self.product.price

    @property
    def gross(self) -> int:
        return self.product.price * self.quantity

    @property
    def line_total(self) -> int:
        return self.gross - self.discount

    @property
    def is_short(self) -> bool:
        return self.quantity > self.available


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class CounterCart:
    def __init__(self, session, outlet):
        self.session = session
        self.key = str(outlet.pk)
        self.outlet = outlet
        stored = (session.get(SESSION_KEY) or {}).get(self.key) or {}
        self._lines: dict[int, dict] = {}
        for product_id, line in stored.items():
            try:
                product_id, quantity = int(product_id), int(line["q"])
                discount = int(line.get("d", 0))
            except (TypeError, ValueError, KeyError, AttributeError):
                continue
            batch = line.get("b")
            if 1 <= quantity <= MAX_QUANTITY and discount >= 0:
                self._lines[product_id] = {
                    "q": quantity,
                    "d": discount,
                    "r": str(line.get("r", ""))[:200],
                    "b": batch if _whole(batch) else None,
                }

    def _save(self):
        stored = dict(self.session.get(SESSION_KEY) or {})
        stored[self.key] = {str(pk): line for pk, line in self._lines.items()}
        self.session[SESSION_KEY] = stored

    def __len__(self):
        return len(self._lines)

    def __contains__(self, product_id):
        return product_id in self._lines

    @property
    def count(self) -> int:
        return sum(line["q"] for line in self._lines.values())

    def quantity_of(self, product_id) -> int:
        line = self._lines.get(product_id)
        return line["q"] if line else 0

    def _check(self, product, quantity, available):
        if not _whole(quantity) or not 1 <= quantity <= MAX_QUANTITY:
            raise CounterError(
                _("The quantity must be a whole number from 1 to %(max)s.") % {"max": MAX_QUANTITY}
            )
        if quantity > available:
            if available <= 0:
                raise CounterError(
                    _("%(product)s: none available at this outlet.") % {"product": product.name}
                )
            raise CounterError(
                _("%(product)s: only %(n)s available at this outlet.")
                % {"product": product.name, "n": available}
            )

    def _available(self, product) -> int:
        return available_at(self.outlet, [product.pk]).get(product.pk, 0)

    def add(self, product, quantity: int = 1) -> int:
        """Add units of ``product``; refused beyond what the outlet has free. The new quantity."""
        if not product.is_public:
            raise CounterError(_("%(product)s is not for sale.") % {"product": product.name})
        if product.pk not in self._lines and len(self._lines) >= MAX_LINES:
            raise CounterError(_("A receipt holds at most %(n)s lines.") % {"n": MAX_LINES})
        new_quantity = self.quantity_of(product.pk) + quantity if _whole(quantity) else quantity
        self._check(product, new_quantity, self._available(product))
        line = self._lines.setdefault(product.pk, {"q": 0, "d": 0, "r": ""})
        line["q"] = new_quantity
        self._save()
        return new_quantity

    def set_quantity(self, product, quantity: int) -> None:
        if product.pk not in self._lines:
            raise CounterError(_("This product is not on the sale."))
        self._check(product, quantity, self._available(product))
        line = self._lines[product.pk]
        line["q"] = quantity
        # A discount larger than the smaller line would be is dropped rather than kept wrong.
        if line["d"] > product.price * quantity:
            line["d"], line["r"] = 0, ""
        self._save()

    def set_discount(self, product, amount: int, reason: str, *, by) -> None:
        """A line discount in Rupiah; only for staff allowed to give one, always with a reason."""
        if not by.has_perm("counter.discount_line"):
            raise CounterError(_("You may not give discounts."))
        if product.pk not in self._lines:
            raise CounterError(_("This product is not on the sale."))
        line = self._lines[product.pk]
        reason = (reason or "").strip()
        if not _whole(amount) or amount < 0:
            raise CounterError(_("A discount must be a whole number of Rupiah."))
        if amount > product.price * line["q"]:
            raise CounterError(_("A discount cannot exceed the line's price."))
        if amount and not reason:
            raise CounterError(_("Say why the discount is given."))
        line["d"], line["r"] = amount, reason[:200] if amount else ""
        self._save()

    def set_batch(self, product, batch_id: int | None) -> None:
        """The pack the buyer took is of this batch (None: the one expiring first)."""
        if product.pk not in self._lines:
            raise CounterError(_("This product is not on the sale."))
        if batch_id is not None:
            batch = (
                Batch.objects.at(self.outlet)
                .live()
                .free()
                .filter(pk=batch_id, product=product)
                .first()
            )
            if batch is None:
                raise CounterError(_("That batch is not on this outlet's shelf."))
        self._lines[product.pk]["b"] = batch_id
        self._save()

    def remove(self, product_id: int) -> bool:
        removed = self._lines.pop(product_id, None) is not None
        self._save()
        return removed

    def clear(self) -> None:
        self._lines = {}
        self._save()

    def lines(self) -> list[SaleLineDraft]:
        """The sale's lines in the order they were added; products no longer on record drop."""
        if not self._lines:
            return []
        products = Product.objects.select_related("vendor").in_bulk(list(self._lines))
        available = available_at(self.outlet, list(self._lines))
        batches = {}
        for batch in (
            Batch.objects.at(self.outlet)
            .filter(product__in=products.values())
            .live()
            .free()
            .first_expiry_first()
        ):
            batches.setdefault(batch.product_id, []).append(batch)
        lines = []
        for product_id, line in self._lines.items():
            product = products.get(product_id)
            if product is None:
                continue
            lines.append(
                SaleLineDraft(
                    product=product,
                    quantity=line["q"],
                    available=available.get(product_id, 0),
                    discount=min(line["d"], product.price * line["q"]),
                    discount_reason=line["r"],
                    batch_id=line.get("b"),
                    batches=batches.get(product_id, []),
                )
            )
        return lines

    @staticmethod
    def line_inputs(lines) -> list[LineInput]:
        return [
            LineInput(
                product_id=line.product.pk,
                quantity=line.quantity,
                discount=line.discount,
                discount_reason=line.discount_reason,
                batch_id=line.batch_id,
            )
            for line in lines
        ]
