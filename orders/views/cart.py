"""The cart page and its plain forms: add, change the quantity, remove."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gallery.models import Outlet
from products.models import Product

from ..cart import Cart, CartError, outlets_with_everything
from ..forms import AddToCartForm, CartQuantityForm, OutletChoiceForm


def first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return _("Something is wrong with this form.")


def _tell(request, change):
    """One message per change: a warning when the cart holds less than was asked for."""
    (messages.warning if change.capped else messages.success)(request, change.message)


def cart_detail(request):
    cart = Cart(request.session)
    outlets = list(Outlet.objects.active())
    if "outlet" in request.GET:
        form = OutletChoiceForm(request.GET)
        if form.is_valid():
            cart.set_outlet(form.cleaned_data["outlet"])
        else:
            messages.error(request, first_error(form))
    outlet = cart.outlet(outlets)
    # A message from the step before (checkout's shortage) already names what is short.
    told = len(messages.get_messages(request)) > 0
    lines = cart.lines(outlet=outlet, outlets=outlets, cap=True)
    for capped in [] if told else cart.capped:
        messages.warning(request, capped.message)
    if cart.removed_names:
        messages.warning(
            request,
            _("No longer for sale, so taken out of your cart: %(names)s.")
            % {"names": ", ".join(cart.removed_names)},
        )
    unavailable = [line for line in lines if not line.is_available]
    return render(
        request,
        "orders/cart_detail.html",
        {
            "lines": lines,
            "total": sum(line.line_total for line in lines),
            "outlet": outlet,
            "outlet_form": OutletChoiceForm(initial={"outlet": outlet}) if outlet else None,
            "unavailable": unavailable,
            "alternatives": outlets_with_everything(lines) if unavailable else [],
        },
    )


@require_POST
def cart_add(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        product = form.cleaned_data.get("product")
        return redirect(product.get_absolute_url() if product else "orders:cart")
    product = form.cleaned_data["product"]
    try:
        change = Cart(request.session).add(
            product, form.cleaned_data["quantity"], outlets=Outlet.objects.active()
        )
    except CartError as exc:
        messages.error(request, str(exc))
        return redirect(product.get_absolute_url())
    _tell(request, change)
    return redirect("orders:cart")


@require_POST
def cart_update(request, product_id):
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("orders:cart")
    product = Product.objects.filter(pk=product_id).only("pk", "name").first()
    try:
        if product is None:
            raise CartError(_("This product is not in your cart."))
        change = Cart(request.session).set_quantity(
            product, form.cleaned_data["quantity"], outlets=Outlet.objects.active()
        )
    except CartError as exc:
        messages.error(request, str(exc))
    else:
        _tell(request, change)
    return redirect("orders:cart")


@require_POST
def cart_remove(request, product_id):
    if Cart(request.session).remove(product_id):
        messages.success(request, _("The product is taken out of your cart."))
    return redirect("orders:cart")
