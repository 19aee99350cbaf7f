"""The vendor's products in the dashboard (/dasbor/produk/).

Every product is fetched through ``Product.objects.of_vendor(request.vendor)``: another
vendor's product is a 404, whatever the URL or the form says. Forms never carry the vendor,
the status, the slug or the moderation fields; status changes go through their own buttons.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.uploads import upload_owner
from curation.forms import RecheckForm
from curation.models import attach_failures, with_curation_state
from vendors.access import vendor_required

from . import services
from .forms import ProductForm, ProductImageAltForm, ProductImageForm
from .models import LACKS_ENGLISH, Product, ProductImage

PAGE_SIZE = 50
FILTERS = {
    "draft": Q(status=Product.Status.DRAFT),
    "published": Q(status=Product.Status.PUBLISHED),
    "archived": Q(status=Product.Status.ARCHIVED),
    "hidden": Q(hidden_at__isnull=False),
    # Shoppers on the English pages read these products (partly) in Indonesian.
    "no-english": LACKS_ENGLISH,
}


def _product(request, pk):
    return get_object_or_404(
        Product.objects.of_vendor(request.vendor).select_related("vendor", "category"), pk=pk
    )


def _image(product, image_pk):
    return get_object_or_404(ProductImage.objects.filter(product=product), pk=image_pk)


def _form_error(form, error: ValidationError):
    """Put a service's ValidationError on the form's fields (or the form, if not a field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _messages_of(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


@vendor_required
def product_list(request):
    vendor = request.vendor
    products = Product.objects.of_vendor(vendor)
    counts = products.status_counts()
    current = request.GET.get("status", "")
    if current in FILTERS:
        products = products.filter(FILTERS[current])
    else:
        current = ""
    products = with_curation_state(
        products.select_related("category__parent")
        .with_stock_summary()
        .with_images()
        .order_by(F("hidden_at").desc(nulls_last=True), "-updated_at", "-pk")
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_failures(page.object_list)
    return render(
        request,
        "products/dashboard_product_list.html",
        {
            "vendor": vendor,
            "page_obj": page,
            "products": page.object_list,
            "current": current,
            "filters": [
                ("", _("All"), sum(counts[status] for status in Product.Status.values)),
                ("draft", _("Drafts"), counts["draft"]),
                ("published", _("Published"), counts["published"]),
                ("archived", _("Archived"), counts["archived"]),
                ("hidden", _("Hidden by staff"), counts["hidden"]),
                ("no-english", _("No English yet"), counts["no_english"]),
            ],
            "query_string": f"status={current}" if current else "",
            "recheck_form": RecheckForm(),
        },
    )


@vendor_required
def product_create(request):
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                vendor=request.vendor, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” is saved as a draft. Now add its photos.") % {"name": product},
            )
            return redirect("dashboard-products:product-images", pk=product.pk)
    return render(
        request,
        "products/dashboard_product_form.html",
        {"form": form, "vendor": request.vendor},
    )


@vendor_required
def product_update(request, pk):
    product = _product(request, pk)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                product=product,
                by=request.user,
                **{name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS},
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("dashboard-products:product-update", pk=product.pk)
    if form.is_bound and form.errors:
        product.refresh_from_db()
    return render(
        request,
        "products/dashboard_product_form.html",
        {
            "form": form,
            "vendor": request.vendor,
            "product": product,
            "image_count": product.images.count(),
            "events": product.events.select_related("by")[:10],
        },
    )


@vendor_required
@require_POST
def product_publish(request, pk):
    product = _product(request, pk)
    try:
        services.product_publish(product=product, by=request.user)
    except (services.ProductError, ValidationError) as error:
        messages.error(request, " ".join(_messages_of(error)))
    else:
        if product.is_hidden:
            messages.warning(
                request,
                _(
                    "Published, but staff have hidden it: it stays off the site until they restore it."
                ),
            )
        else:
            messages.success(request, _("“%(name)s” is on sale now.") % {"name": product})
    return redirect("dashboard-products:product-update", pk=product.pk)


@vendor_required
@require_POST
def product_archive(request, pk):
    product = _product(request, pk)
    services.product_archive(product=product, by=request.user)
    messages.success(
        request, _("“%(name)s” is archived: no longer shown or sold.") % {"name": product}
    )
    return redirect("dashboard-products:product-update", pk=product.pk)


def _images_page(request, product, upload_form=None, alt_form=None, alt_image=None, status=200):
    images = list(product.images.order_by("position", "pk"))
    rows = []
    for image in images:
        form = (
            alt_form
            if alt_image is not None and image.pk == alt_image.pk
            else ProductImageAltForm(
                prefix=f"image-{image.pk}",
                initial={"alt": image.alt},
                product_name=product.name,
            )
        )
        rows.append((image, form))
    return render(
        request,
        "products/dashboard_product_images.html",
        {
            "vendor": request.vendor,
            "product": product,
            "rows": rows,
            "upload_form": upload_form or ProductImageForm(product_name=product.name),
            "can_add": len(images) < ProductImage.MAX_PER_PRODUCT,
            "max_images": ProductImage.MAX_PER_PRODUCT,
        },
        status=status,
    )


@vendor_required
def product_images(request, pk):
    product = _product(request, pk)
    if request.method != "POST":
        return _images_page(request, product)
    form = ProductImageForm(
        request.POST,
        request.FILES,
        product_name=product.name,
        upload_owner=upload_owner(request),
    )
    if form.is_valid():
        try:
            services.product_image_add(
                product=product,
                by=request.user,
                upload=form.cleaned_data["picture"],
                alt=form.cleaned_data["alt"],
            )
        except ValidationError as error:
            _form_error(form, error)
        except services.ProductError as error:
            # No room for another picture: keeping this one would serve nothing.
            form.add_error(None, str(error))
            return _images_page(request, product, upload_form=form, status=400)
        else:
            form.discard_kept()
            messages.success(request, _("The photo is added."))
            return redirect("dashboard-products:product-images", pk=product.pk)
    form.keep_uploads()
    return _images_page(request, product, upload_form=form, status=400)


@vendor_required
@require_POST
def image_alt(request, pk, image_pk):
    product = _product(request, pk)
    image = _image(product, image_pk)
    form = ProductImageAltForm(request.POST, prefix=f"image-{image.pk}", product_name=product.name)
    if form.is_valid():
        try:
            services.product_image_set_alt(
                image=image, by=request.user, alt=form.cleaned_data["alt"]
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The description is saved."))
            return redirect("dashboard-products:product-images", pk=product.pk)
    return _images_page(request, product, alt_form=form, alt_image=image, status=400)


@vendor_required
@require_POST
def image_move(request, pk, image_pk):
    product = _product(request, pk)
    image = _image(product, image_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is not None:
        services.product_image_move(image=image, by=request.user, offset=offset)
    return redirect(f"{_images_url(product)}#image-{image.pk}")


def _images_url(product):
    return reverse("dashboard-products:product-images", kwargs={"pk": product.pk})


@vendor_required
def image_delete(request, pk, image_pk):
    product = _product(request, pk)
    image = _image(product, image_pk)
    if request.method == "POST":
        try:
            services.product_image_delete(image=image, by=request.user)
        except services.ProductError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The photo is deleted."))
        return redirect("dashboard-products:product-images", pk=product.pk)
    return render(
        request,
        "products/dashboard_image_delete.html",
        {"vendor": request.vendor, "product": product, "image": image},
    )
