"""The counter screen: find products, put the sale together, take the payment.

Every change is a small POST followed by a redirect back to the counter, so the page works with
plain forms; static/counter/counter.js sends the same forms in the background when it can.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from products.models import Product

from ..cart import CounterCart
from ..forms import AddForm, CheckoutForm, DiscountForm, FindForm, QuantityForm
from ..lookup import available_at, find, sellable_at
from ..models import Sale
from ..services import CounterError, sale_record, shift_current
from .access import counter_page


def first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return _("Something is wrong with this form.")


def _back(outlet, query=""):
    url = reverse("counter:sell", kwargs={"outlet": outlet.slug})
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


def _totals(lines) -> dict:
    subtotal = sum(line.gross for line in lines)
    discounts = sum(line.discount for line in lines)
    return {"subtotal": subtotal, "discounts": discounts, "total": subtotal - discounts}


def _product(product_id):
    return Product.objects.select_related("vendor").filter(pk=product_id).first()


@never_cache
@counter_page
@require_GET
def sell(request, outlet):
    cart = CounterCart(request.session, outlet)
    lines = cart.lines()
    query = request.GET.get("q", "").strip()[:300]
    found = find(outlet, query) if query else None
    results = []
    if found and found.exact:
        product = found.exact
        product.available = available_at(outlet, [product.pk]).get(product.pk, 0)
        results = [product] if product.is_public else []
    elif found:
        results = list(found.matches)
    shift = shift_current(outlet)
    return render(
        request,
        "counter/sell.html",
        {
            "outlet": outlet,
            "shift": shift,
            "open_shift_id": shift.pk if shift else None,
            "lines": lines,
            **_totals(lines),
            "query": query,
            "searched": found is not None,
            "results": results,
            "in_sale": {line.product.pk: line.quantity for line in lines},
            "attention_count": Sale.objects.at(outlet).needing_attention().count(),
            "can_discount": request.user.has_perm("counter.discount_line"),
            "find_form": FindForm(initial={"q": query}),
        },
    )


@counter_page
@require_POST
def find_product(request, outlet):
    """A typed or scanned code or address puts its product on the sale at once; a name lists
    what matches."""
    form = FindForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type a code or a name, or scan a label."))
        return _back(outlet)
    query = form.cleaned_data["q"].strip()
    found = find(outlet, query)
    if found.exact is None:
        if not found.matches:
            messages.warning(
                request, _("Nothing for sale here matches “%(query)s”.") % {"query": query}
            )
        return _back(outlet, query)
    _add(request, outlet, found.exact, 1)
    return _back(outlet)


def _add(request, outlet, product, quantity):
    try:
        total = CounterCart(request.session, outlet).add(product, quantity)
    except CounterError as exc:
        messages.error(request, str(exc))
        return
    messages.success(
        request,
        _("Added %(product)s (%(n)s on the sale).") % {"product": product.name, "n": total},
    )


@counter_page
@require_POST
def add(request, outlet):
    form = AddForm(request.POST)
    product = _product(form.cleaned_data["product"]) if form.is_valid() else None
    if product is None:
        messages.error(request, first_error(form) if form.errors else _("Product not found."))
        return _back(outlet)
    _add(request, outlet, product, form.cleaned_data["quantity"])
    return _back(outlet)


@counter_page
@require_POST
def line_update(request, outlet, product_id):
    form = QuantityForm(request.POST)
    product = _product(product_id)
    cart = CounterCart(request.session, outlet)
    if not form.is_valid() or product is None:
        messages.error(request, first_error(form) if form.errors else _("Product not found."))
        return _back(outlet)
    quantity = form.cleaned_data["quantity"]
    try:
        if quantity == 0:
            cart.remove(product.pk)
        else:
            cart.set_quantity(product, quantity)
            if "batch" in request.POST:
                cart.set_batch(product, form.cleaned_data["batch"])
    except CounterError as exc:
        messages.error(request, str(exc))
    return _back(outlet)


@counter_page
@require_POST
def line_remove(request, outlet, product_id):
    if CounterCart(request.session, outlet).remove(product_id):
        product = _product(product_id)
        messages.info(
            request, _("Removed %(product)s.") % {"product": product.name if product else ""}
        )
    return _back(outlet)


@counter_page
@require_POST
def line_discount(request, outlet, product_id):
    form = DiscountForm(request.POST)
    product = _product(product_id)
    if not form.is_valid() or product is None:
        messages.error(request, first_error(form) if form.errors else _("Product not found."))
        return _back(outlet)
    try:
        CounterCart(request.session, outlet).set_discount(
            product, form.cleaned_data["discount"], form.cleaned_data["reason"], by=request.user
        )
    except CounterError as exc:
        messages.error(request, str(exc))
    return _back(outlet)


@counter_page
@require_POST
def clear(request, outlet):
    CounterCart(request.session, outlet).clear()
    messages.info(request, _("The sale was cleared."))
    return _back(outlet)


@never_cache
@counter_page
def checkout(request, outlet):
    cart = CounterCart(request.session, outlet)
    lines = cart.lines()
    totals = _totals(lines)
    key = uuid.uuid4().hex
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            key = data["idempotency_key"]
            already_recorded = Sale.objects.filter(idempotency_key=key).exists()
            try:
                sale = sale_record(
                    outlet=outlet,
                    by=request.user,
                    lines=data["lines"],
                    payments=data["payments"],
                    idempotency_key=key,
                    expected_total=data["expected_total"],
                    buyer_phone=data["buyer_phone"],
                    shift_id=data["shift_id"],
                )
            except CounterError as exc:
                form.add_error(None, str(exc))
            else:
                if sale.outlet_id != outlet.pk:
                    form.add_error(None, _("This sale form has expired. Please start again."))
                else:
                    # A resent form (a double tap) must not empty the next buyer's sale.
                    if not already_recorded:
                        cart.clear()
                    messages.success(
                        request, _("Paid. Receipt %(number)s.") % {"number": sale.number}
                    )
                    return redirect(sale)
        else:
            key = form.cleaned_data.get("idempotency_key") or key
    else:
        if not lines:
            messages.warning(request, _("The sale has no items."))
            return _back(outlet)
        method = request.GET.get("metode")
        initial = {}
        if method in ("qris", "transfer"):
            initial[f"{method}_amount"] = totals["total"]
        form = CheckoutForm(initial=initial)
    if not lines:
        messages.warning(request, _("The sale has no items."))
        return _back(outlet)
    shift = shift_current(outlet)
    return render(
        request,
        "counter/sell_checkout.html",
        {
            "outlet": outlet,
            "shift": shift,
            "open_shift_id": shift.pk if shift else None,
            "lines": lines,
            **totals,
            "form": form,
            "idempotency_key": key,
            "short": [line for line in lines if line.is_short],
            "method": request.GET.get("metode", ""),
        },
    )


@never_cache
@counter_page
@require_GET
def catalogue(request, outlet):
    """What the counter can sell, for its script to keep and sell from when the network drops."""
    shift = shift_current(outlet)
    products = [
        {
            "id": product.pk,
            "code": product.code,
            "name": product.name,
            "vendor": product.vendor.business_name,
            "price": product.price,
            "available": product.available,
            "slug": product.slug,
        }
        for product in sellable_at(outlet).order_by("name", "pk")
    ]
    return JsonResponse(
        {"outlet": outlet.slug, "shift": shift.pk if shift else None, "products": products}
    )


routes = [
    path("", sell, name="sell"),
    path("cari/", find_product, name="find"),
    path("tambah/", add, name="add"),
    path("baris/<int:product_id>/", line_update, name="line-update"),
    path("baris/<int:product_id>/hapus/", line_remove, name="line-remove"),
    path("baris/<int:product_id>/diskon/", line_discount, name="line-discount"),
    path("kosongkan/", clear, name="clear"),
    path("bayar/", checkout, name="checkout"),
    path("katalog.json", catalogue, name="catalogue"),
]
