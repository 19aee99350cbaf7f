from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from core.pagecache import Parameters, parameters_checked, reads_parameters

from . import seo
from .listing import listing_choices, product_listing
from .listing.filters import ListingFilterForm
from .models import Product
from .product_page import breadcrumbs, product_page_context, product_sheet, renamed_product

# What the page cache keys a listing on: its filters, spelt as the form reads them, and the page.
LISTING_PARAMETERS = Parameters.from_form(ListingFilterForm, page=True)


@reads_parameters(LISTING_PARAMETERS)
def catalogue(request):
    context = product_listing(request, Product.objects.all())
    listing = context["listing"]
    parameters_checked(request, form=listing.form, page=listing.page_obj)
    if listing.typed_query:
        title = gettext("Search results for “%(words)s”") % {"words": listing.typed_query}
    else:
        title = gettext("All products")
    return render(
        request,
        "products/product_list.html",
        {**context, "heading": title, "page_title": _paged(title, listing)},
    )


@reads_parameters(LISTING_PARAMETERS)
def category_detail(request, slug):
    choices = listing_choices()
    category = choices.tree.get(slug)
    if category is None:
        raise Http404
    if category.parent_id:
        category.parent = category.parent_in_tree
    context = product_listing(request, Product.objects.all(), category=category, choices=choices)
    parameters_checked(request, form=context["listing"].form, page=context["listing"].page_obj)
    crumbs = breadcrumbs(category=category)
    return render(
        request,
        "products/category_detail.html",
        {
            **context,
            "category": category,
            "breadcrumbs": crumbs,
            "page_title": _paged(category.name, context["listing"]),
            "jsonld": seo.breadcrumbs_jsonld(crumbs),
            "og_image": seo.share_image(category if category.file else None),
        },
    )


@reads_parameters(Parameters())
def product_detail(request, slug):
    choices = listing_choices(kecamatan=False)
    sheet = product_sheet(slug, choices=choices)
    if sheet is None:
        renamed = renamed_product(slug)
        if renamed is None:
            raise Http404
        return redirect(renamed.get_absolute_url(), permanent=True)
    context = product_page_context(sheet, choices=choices)
    return render(request, "products/product_detail.html", context)


def _paged(title, listing):
    """Page 2 onwards says so in its title, so that every page's title is its own."""
    number = listing.page_obj.number
    if number > 1:
        return gettext("%(title)s, page %(number)s") % {"title": title, "number": number}
    return title
