"""The "Check this product" page, opened from a product in the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from products.models import Product

from .forms import CheckForm
from .models import CurationCheck, curation_state
from .services import CurationError, can_check, checklist_points, curation_check_record


def check_product(model_admin, request, object_id):
    if not can_check(request.user):
        raise PermissionDenied
    product = get_object_or_404(
        Product.objects.select_related("vendor", "category__parent").with_images(), pk=object_id
    )
    if not can_check(request.user, product):
        raise PermissionDenied
    try:
        items = checklist_points(product)
    except CurationError as error:
        items, problem = [], str(error)
    else:
        problem = ""
    form = CheckForm(request.POST if request.method == "POST" else None, items=items)
    if items and request.method == "POST" and form.is_valid():
        try:
            check = curation_check_record(
                product=product,
                by=request.user,
                points=form.points(),
                note=form.cleaned_data["note"],
            )
        except CurationError as error:
            form.add_error(None, str(error))
        else:
            if check.passed:
                messages.success(
                    request, _("%(product)s passed: it may go on the shelf.") % {"product": product}
                )
            else:
                messages.warning(
                    request,
                    _("%(product)s failed: it stays out, and its vendor is told why by email.")
                    % {"product": product},
                )
            return redirect("admin:products_product_change", product.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Check %(product)s") % {"product": product},
        "opts": model_admin.model._meta,
        "original": product,
        "product": product,
        "state": curation_state(product),
        "problem": problem,
        "form": form,
        "past_checks": CurationCheck.objects.filter(product=product)
        .select_related("by", "recheck_request")
        .prefetch_related("points"),
    }
    return TemplateResponse(request, "curation/admin/check_product.html", context)
