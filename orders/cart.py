"""The shopper's cart, kept in the session: no account needed, and it survives logging in.

The session holds only product ids, quantities and the chosen pickup outlet. Prices, names and
availability are read from the database each time the cart is shown.

A line never holds more than the chosen outlet can give: adding, changing a quantity, choosing
another outlet or stock selling out lowers it to what is left there, and says so once
(``Capped``). A line the outlet has none of stays, marked unavailable, so the shopper can pick
an outlet that has it. Placing the order checks the stock again under lock.
"""

from dataclasses import dataclass, field

from django.db.models import Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gallery.models import Outlet, StockLevel
from products.listing.cards import first_picture, image_from_data
from products.models import Product, ProductImage

SESSION_KEY = "cart"
MAX_LINE_QUANTITY = 99
MAX_LINES = 30


class CartError(Exception):
    """A cart change that is refused; the message is meant for the shopper."""


def check_quantity(quantity) -> int:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise CartError(_("The quantity must be a whole number."))
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise CartError(
            _("The quantity must be between 1 and %(max)s.") % {"max": MAX_LINE_QUANTITY}
        )
    return quantity


def stock_available(product_ids, outlets) -> dict[tuple[int, int], int]:
    """Units a shopper can still order, per (product id, outlet id), in one read query."""
    rows = (
        StockLevel.objects.filter(product_id__in=product_ids, outlet__in=outlets)
        .with_available()
        .values_list("product_id", "outlet_id", "available_quantity")
    )
    return {(product_id, outlet_id): available for product_id, outlet_id, available in rows}


@dataclass
class Capped:
    """A line lowered to what its outlet has left."""

    product: Product
    quantity: int
    outlet: Outlet

    @property
    def message(self) -> str:
        return ngettext(
            "Only %(n)s of %(product)s is left at %(outlet)s; your cart now holds %(n)s.",
            "Only %(n)s of %(product)s are left at %(outlet)s; your cart now holds %(n)s.",
            self.quantity,
        ) % {"n": self.quantity, "product": self.product.name, "outlet": self.outlet.name}


@dataclass
class CartChange:
    """What adding or changing a line did, told to the shopper in one message."""

    message: str
    capped: bool = False


@dataclass
class CartLine:
    product: Product
    quantity: int
    image: ProductImage | None = None
    available_here: int = 0
    elsewhere: list[tuple[Outlet, int]] = field(default_factory=list)

    @property
    def unit_price(self) -> int:
        return self.product.price

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity

    @property
    def is_available(self) -> bool:
        return self.available_here >= self.quantity


class Cart:
    def __init__(self, session):
        self.session = session
        data = session.get(SESSION_KEY) or {}
        self._quantities: dict[int, int] = {}
        for key, value in (data.get("lines") or {}).items():
            try:
                product_id, quantity = int(key), int(value)
            except (TypeError, ValueError):
                continue
            if 1 <= quantity <= MAX_LINE_QUANTITY:
                self._quantities[product_id] = quantity
        self._outlet_id = data.get("outlet")
        self.removed_names: list[str] = []
        self.capped: list[Capped] = []

    def _save(self):
        self.session[SESSION_KEY] = {
            "lines": {str(pk): quantity for pk, quantity in self._quantities.items()},
            "outlet": self._outlet_id,
        }

    def __len__(self):
        return len(self._quantities)

    @property
    def count(self) -> int:
        """Units in the cart, for the header's badge."""
        return sum(self._quantities.values())

    def items(self) -> list[tuple[int, int]]:
        """(product id, quantity) pairs, in the order they were added."""
        return list(self._quantities.items())

    def quantity_of(self, product) -> int:
        return self._quantities.get(product.pk, 0)

    def add(self, product, quantity, *, outlets) -> CartChange:
        """Add units of a product, held to what the pickup outlet has left.

        ``outlets``: the outlets that take orders. A product no outlet has is refused. When the
        cart holds nothing else and its outlet has none, the cart moves to an outlet that has it.
        """
        check_quantity(quantity)
        if product.pk not in self._quantities and len(self._quantities) >= MAX_LINES:
            raise CartError(
                _("Your cart holds at most %(max)s different products.") % {"max": MAX_LINES}
            )
        outlets = list(outlets)
        available = stock_available([product.pk], outlets)
        at = {outlet.pk: max(available.get((product.pk, outlet.pk), 0), 0) for outlet in outlets}
        if not any(at.values()):
            raise CartError(
                _("Sorry, %(product)s is sold out at every outlet.") % {"product": product.name}
            )
        wanted = min(self._quantities.get(product.pk, 0) + quantity, MAX_LINE_QUANTITY)
        outlet = self.outlet(outlets)
        if not at[outlet.pk] and not (set(self._quantities) - {product.pk}):
            outlet = next((o for o in outlets if at[o.pk] >= wanted), None) or max(
                outlets, key=lambda o: at[o.pk]
            )
            self._outlet_id = outlet.pk
        if not at[outlet.pk]:
            self._quantities[product.pk] = min(wanted, max(at.values()))
            self._save()
            return CartChange(
                _(
                    "%(product)s is in your cart, but %(outlet)s has none left: choose another "
                    "pickup outlet below."
                )
                % {"product": product.name, "outlet": outlet.name},
                capped=True,
            )
        self._quantities[product.pk] = min(wanted, at[outlet.pk])
        self._save()
        if self._quantities[product.pk] < wanted:
            return CartChange(
                Capped(product, self._quantities[product.pk], outlet).message, capped=True
            )
        return CartChange(
            _("%(product)s is in your cart (%(quantity)s).")
            % {"product": product.name, "quantity": wanted}
        )

    def set_quantity(self, product, quantity, *, outlets) -> CartChange:
        """Change a line's quantity, held to what the pickup outlet has left."""
        check_quantity(quantity)
        if product.pk not in self._quantities:
            raise CartError(_("This product is not in your cart."))
        outlet = self.outlet(outlets)
        here = 0
        if outlet is not None:
            here = max(stock_available([product.pk], [outlet]).get((product.pk, outlet.pk), 0), 0)
        if not here:
            self._quantities[product.pk] = quantity
            self._save()
            return CartChange(
                _("%(product)s is not available at %(outlet)s.")
                % {"product": product.name, "outlet": outlet.name if outlet else "-"},
                capped=True,
            )
        self._quantities[product.pk] = min(quantity, here)
        self._save()
        if quantity > here:
            return CartChange(Capped(product, here, outlet).message, capped=True)
        return CartChange(_("The quantity is changed."))

    def remove(self, product_id: int) -> bool:
        removed = self._quantities.pop(product_id, None) is not None
        self._save()
        return removed

    def clear(self) -> None:
        """Empty the cart after an order; the chosen outlet stays."""
        self._quantities = {}
        self._save()

    # The pickup outlet.

    @property
    def outlet_id(self) -> int | None:
        """The outlet the shopper chose, whether or not it still takes orders."""
        return self._outlet_id

    def outlet(self, active_outlets=None) -> Outlet | None:
        """The chosen pickup outlet if it still takes orders, else the first one that does."""
        outlets = list(active_outlets if active_outlets is not None else Outlet.objects.active())
        chosen = next((o for o in outlets if o.pk == self._outlet_id), None)
        return chosen or (outlets[0] if outlets else None)

    def set_outlet(self, outlet: Outlet) -> None:
        self._outlet_id = outlet.pk
        self._save()

    # What the shopper sees.

    def lines(self, *, outlet=None, outlets=(), cap=False) -> list[CartLine]:
        """The cart's lines with today's prices and their availability at ``outlet``.

        Products no longer for sale leave the cart; their names are kept in ``removed_names``.
        With ``cap`` (the cart page, which tells the shopper), lines above what ``outlet`` has
        left are lowered to it and listed in ``capped``; elsewhere they show as short.
        """
        if not self._quantities:
            return []
        products = {
            product.pk: product
            for product in Product.objects.public()
            .filter(pk__in=self._quantities)
            .select_related("vendor")
            .annotate(first_image=Subquery(first_picture()))
        }
        gone = [pk for pk in self._quantities if pk not in products]
        if gone:
            self.removed_names = list(
                Product.objects.filter(pk__in=gone).values_list("name", flat=True)
            )
            for pk in gone:
                del self._quantities[pk]
            self._save()
        outlets = list(outlets)
        available = stock_available(list(products), outlets) if outlets else {}
        lines = []
        for pk, quantity in self._quantities.items():
            line = CartLine(product=products[pk], quantity=quantity)
            line.image = image_from_data(products[pk].first_image)
            if line.image is not None:
                line.image.alt = ""  # the product's name is the line's heading, beside it
            if outlet is not None:
                line.available_here = max(available.get((pk, outlet.pk), 0), 0)
                line.elsewhere = [
                    (other, available[(pk, other.pk)])
                    for other in outlets
                    if other.pk != outlet.pk and available.get((pk, other.pk), 0) > 0
                ]
                if cap and 0 < line.available_here < quantity:
                    line.quantity = self._quantities[pk] = line.available_here
                    self.capped.append(Capped(line.product, line.quantity, outlet))
            lines.append(line)
        if self.capped:
            self._save()
        return lines


def outlets_with_everything(lines) -> list[Outlet]:
    """The other outlets where every line of the cart is available in full."""
    if not lines:
        return []
    candidates = {outlet.pk: outlet for outlet, n in lines[0].elsewhere if n >= lines[0].quantity}
    for line in lines[1:]:
        enough = {outlet.pk for outlet, n in line.elsewhere if n >= line.quantity}
        candidates = {pk: outlet for pk, outlet in candidates.items() if pk in enough}
    return list(candidates.values())
