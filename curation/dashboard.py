"""The vendor's side of curation, in the dashboard: asking for a new check of a failed product.

The failed points themselves are shown on the product list (``products.dashboard``). Products
are fetched through ``Product.objects.of_vendor(request.vendor)``: another vendor's is a 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from products.models import Product
from vendors.access import vendor_required

from .forms import RecheckForm
from .services import CurationError, curation_recheck_request


@vendor_required
@require_POST
def recheck_request(request, pk):
    product = get_object_or_404(Product.objects.of_vendor(request.vendor), pk=pk)
    form = RecheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
    else:
        try:
            curation_recheck_request(
                product=product, by=request.user, note=form.cleaned_data["note"]
            )
        except CurationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you: the gallery staff will check %(product)s again.")
                % {"product": product},
            )
    return redirect("dashboard-products:product-list")
