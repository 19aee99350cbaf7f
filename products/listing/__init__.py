"""The filtered, sorted, paginated product grid shared by the catalogue, category and vendor pages.

``product_listing(request, queryset)`` returns ``{"listing": ProductListing}`` for the template
``includes/product_listing.html``. Every filter is a GET parameter; invalid values are ignored and
shown as form errors. The page costs a fixed number of queries whatever the filters: the filter
choices (categories, kecamatan, outlets), the count, and one query for the page of products with
their first picture and stock figure as annotations.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext

from core.models import Kecamatan
from core.templatetags.rupiah import format_rupiah
from gallery.models import Outlet

from ..models import Product
from ..search import search, suggest_correction
from .cards import for_cards, image_from_data, picture_data, with_card_images
from .filters import CategoryTree, ListingFilterForm, Sort, apply_filters

__all__ = [
    "CategoryTree",
    "ProductListing",
    "Sort",
    "for_cards",
    "image_from_data",
    "picture_data",
    "product_listing",
    "with_card_images",
]

PER_PAGE = 24
PARAMETERS = (
    "q",
    "kategori",
    "kecamatan",
    "galeri",
    "harga_min",
    "harga_maks",
    "tersedia",
    "pesanan",
    "urut",
)


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


@dataclass
class SortLink:
    value: str
    label: str
    url: str
    current: bool


@dataclass
class ProductListing:
    form: ListingFilterForm
    page_obj: Page
    products: list
    typed_query: str = ""
    query: str = ""
    suggestion: str = ""
    suggestion_url: str = ""
    corrected: bool = False
    sort: str = Sort.NEWEST
    sort_links: list = field(default_factory=list)
    active_filters: list = field(default_factory=list)
    clear_url: str = ""
    query_string: str = ""

    @property
    def is_filtered(self):
        return bool(self.active_filters)

    @property
    def count(self):
        return self.page_obj.paginator.count


def _url(path, params):
    query = urlencode([(name, value) for name, value in params.items() if value not in ("", None)])
    return f"{path}?{query}" if query else path


def product_listing(
    request, queryset, *, category=None, tree=None, exclude_filters=(), per_page=None
):
    """The listing of the public products of ``queryset`` that match the request's filters.

    ``category`` narrows it to a category and its children (the category page); ``tree`` is a
    ``CategoryTree`` the caller already loaded; ``exclude_filters`` names filters that make no
    sense on the page (``("kecamatan",)`` on a vendor's page).
    """
    tree = tree or CategoryTree.load()
    outlets = list(Outlet.objects.active().only("pk", "slug", "name"))
    kecamatan = []
    if "kecamatan" not in exclude_filters:
        kecamatan = list(
            Kecamatan.objects.filter(vendors__in=Product.objects.public().values("vendor"))
            .distinct()
            .values_list("code", "name")
        )
    form = ListingFilterForm(
        request.GET,
        categories=tree.choices(within=category),
        kecamatan=kecamatan,
        outlets=[(outlet.slug, outlet.name) for outlet in outlets],
        exclude=exclude_filters,
    )
    values = form.valid_values()
    typed_query = " ".join(values.get("q", "").split())

    products = queryset.public()
    if category:
        products = products.filter(category__in=tree.with_children(category))
    products = apply_filters(products, values, tree=tree, outlets=outlets)

    sort = values.get("urut") or (Sort.RELEVANCE if typed_query else Sort.NEWEST)
    if sort == Sort.RELEVANCE and not typed_query:
        sort = Sort.NEWEST
    per_page = per_page or PER_PAGE

    query, suggestion, corrected = typed_query, "", False
    if typed_query:
        paginator = Paginator(_ordered(search(products, typed_query), sort), per_page)
        if paginator.count == 0:
            suggestion = suggest_correction(typed_query, using=products.db) or ""
            if suggestion:
                retry = Paginator(_ordered(search(products, suggestion), sort), per_page)
                if retry.count:
                    paginator, query, corrected = retry, suggestion, True
    else:
        paginator = Paginator(_ordered(products, sort), per_page)

    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = with_card_images(page_obj.object_list)

    path = request.path
    params = {name: request.GET.get(name, "") for name in PARAMETERS if name in form.fields}
    return {
        "listing": ProductListing(
            form=form,
            page_obj=page_obj,
            products=page_obj.object_list,
            typed_query=typed_query,
            query=query,
            suggestion=suggestion,
            suggestion_url=_url(path, {**params, "q": suggestion}) if suggestion else "",
            corrected=corrected,
            sort=sort,
            sort_links=[
                SortLink(value, label, _url(path, {**params, "urut": value}), value == sort)
                for value, label in Sort.LABELS.items()
                if value != Sort.RELEVANCE or typed_query
            ],
            active_filters=_active_filters(path, params, values, form),
            clear_url=path,
            query_string=urlencode([(k, v) for k, v in params.items() if v]),
        )
    }


def _ordered(products, sort):
    return for_cards(products).order_by(*Sort.ORDER[sort])


def _active_filters(path, params, values, form):
    def without(*names):
        return _url(path, {k: v for k, v in params.items() if k not in names})

    choices = {
        name: dict(form.fields[name].choices)
        for name in ("kategori", "kecamatan", "galeri")
        if name in form.fields
    }
    labels = {
        "q": lambda v: gettext("Words: %(words)s") % {"words": v},
        "kategori": lambda v: choices["kategori"][v].lstrip("— "),
        "kecamatan": lambda v: gettext("Kecamatan %(name)s") % {"name": choices["kecamatan"][v]},
        "galeri": lambda v: gettext("In stock at %(outlet)s") % {"outlet": choices["galeri"][v]},
        "harga_min": lambda v: gettext("From %(price)s") % {"price": format_rupiah(v)},
        "harga_maks": lambda v: gettext("Up to %(price)s") % {"price": format_rupiah(v)},
        "tersedia": lambda v: gettext("In stock now"),
        "pesanan": lambda v: gettext("Made to order"),
    }
    return [
        ActiveFilter(label(values[name]), without(name))
        for name, label in labels.items()
        if name in values
    ]
