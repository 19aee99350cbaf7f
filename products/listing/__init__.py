"""The filtered, sorted, paginated product grid shared by the catalogue, category and vendor pages.

``product_listing(request, queryset)`` returns ``{"listing": ProductListing}`` for the template
``includes/product_listing.html``. Every filter is a GET parameter; invalid values are ignored and
shown as form errors. The page costs a fixed number of queries whatever the filters: the count
and the ids of the page's products (one query for a search, ``_searched_page``), both kept in
the cache under the catalogue version and the day (``KeptPaginator``, ``_kept_rows``), so a
listing seen before reads nothing, and neither does a search or its correction. The filter
choices (categories, kecamatan, outlets) come from the cache (``choices``), and so do the cards
and the filter form once rendered (``fragments``): the products with what their cards show
(first picture, stock) are read in one more query only when some of their cards are missing.
"""

from dataclasses import dataclass, field
from functools import cached_property
from hashlib import blake2b
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.translation import gettext

from core.pagecache.kept import kept
from core.templatetags.rupiah import format_rupiah
from gallery.models import today_in_jakarta

from ..search import search, suggest_correction
from .cards import for_cards, image_from_data, picture_data, with_card_images
from .choices import ListingChoices, listing_choices
from .filters import CategoryTree, ListingFilterForm, Sort, apply_filters
from .fragments import Cards, filter_form_html, form_key

__all__ = [
    "CategoryTree",
    "ListingChoices",
    "ProductListing",
    "Sort",
    "for_cards",
    "image_from_data",
    "listing_choices",
    "picture_data",
    "product_listing",
    "with_card_images",
]

PER_PAGE = 24
EAGER = 4  # cards in the first screen, whose pictures load at once
# Past this page a search is counted before it is read: its offset stays a sane number.
MAX_SEARCHED_PAGE = 100_000
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
    """``page_obj.object_list`` holds the ids of the page's products; ``cards`` their cards;
    ``products`` the products themselves, read only when asked for (the page shows cards)."""

    form: ListingFilterForm
    page_obj: Page
    cards: Cards
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
    # The page's pieces read from the cache in one go: its filter form and its cards.
    found: dict = field(default_factory=dict)

    @property
    def products(self):
        return self.cards.products

    def form_html(self):
        return filter_form_html(self.form, self.found)

    def cards_html(self):
        return self.cards.html(self.found)

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
    request, queryset, *, category=None, choices=None, exclude_filters=(), per_page=None
):
    """The listing of the public products of ``queryset`` that match the request's filters.

    ``category`` narrows it to a category and its children (the category page), from the
    ``choices`` (``listing_choices()``) the caller already read; ``exclude_filters`` names
    filters that make no sense on the page (``("kecamatan",)`` on a vendor's page).
    """
    choices = choices or listing_choices(kecamatan="kecamatan" not in exclude_filters)
    tree = choices.tree
    outlets = choices.outlets
    form = ListingFilterForm(
        request.GET,
        categories=tree.choices(within=category),
        kecamatan=[] if "kecamatan" in exclude_filters else choices.kecamatan,
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
    page = request.GET.get("page")
    if typed_query:
        page_obj = _searched_page(
            _ordered(search(products, typed_query), sort), page, per_page, version=choices.version
        )
        if page_obj.paginator.count == 0:
            suggestion = _kept_suggestion(typed_query, using=products.db, version=choices.version)
            if suggestion:
                retry = _searched_page(
                    _ordered(search(products, suggestion), sort),
                    page,
                    per_page,
                    version=choices.version,
                )
                if retry.paginator.count:
                    page_obj, query, corrected = retry, suggestion, True
    else:
        ids = _ids(_ordered(products, sort))
        page_obj = KeptPaginator(ids, per_page, version=choices.version).get_page(page)
    page_obj.object_list = list(page_obj.object_list)
    cards = Cards(page_obj.object_list, version=choices.version, eager=EAGER)
    found = kept.get_many([form_key(form), *cards.keys()])

    path = request.path
    params = {name: request.GET.get(name, "") for name in PARAMETERS if name in form.fields}
    return {
        "catalogue_version": choices.version,
        "listing": ProductListing(
            form=form,
            page_obj=page_obj,
            cards=cards,
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
            found=found,
        ),
    }


class KeptPaginator(Paginator):
    """A paginator whose count and pages are kept in the cache under the catalogue version and
    the day. Counting every match of a filter reads all of them: on a catalogue or category
    page it cost more than the rest of the page together; the filters on stock read every
    level of the products they pass. Only a change that moves the catalogue version on (or
    midnight, when food expires) changes either.

    The key is the listing's query itself, ordering aside, so it names the page's scope (a
    category, a maker) and every filter without a list of them that could fall behind."""

    def __init__(self, object_list, per_page, *, version):
        super().__init__(object_list, per_page)
        self.version = version

    def page(self, number):
        """Django's ``page``, the ids of the page kept like the count."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = _kept_rows(self.object_list[bottom:top], version=self.version)
        return self._get_page(ids, number, self)

    @cached_property
    def count(self):
        try:
            sql, params = self.object_list.order_by().query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing by construction
            return 0
        digest = blake2b(repr((sql, params)).encode(), digest_size=16).hexdigest()
        key = f"listing-count:{self.version}:{today_in_jakarta():%Y%m%d}:{digest}"
        return kept.get_or_set(key, lambda: super(KeptPaginator, self).count)


def _ordered(products, sort):
    return products.order_by(*Sort.ORDER[sort])


def _ids(products):
    """Only the ids of the products are read: their cards come from the cache."""
    return products.values_list("pk", flat=True)


def _kept_rows(query, *, version):
    """The rows of ``query``, kept in the cache under the catalogue version and the day, keyed
    on the query itself. A search ranks every match to find its page: for a common word that is
    a third of the catalogue, read again for every shopper who types it, in either language,
    while only a change that moves the catalogue version on (or midnight, when food expires)
    changes the answer. The newest products of a category are kept the same way."""
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing by construction: nothing to read
        return []
    digest = blake2b(repr((sql, params)).encode(), digest_size=16).hexdigest()
    key = f"listing-rows:{version}:{today_in_jakarta():%Y%m%d}:{digest}"
    return kept.get_or_set(key, lambda: list(query))


def _kept_suggestion(typed_query, *, using, version) -> str:
    """``suggest_correction``, kept like a search's page: the known words it compares with are
    the catalogue's, and comparing costs more than any search (every word of the catalogue)."""
    digest = blake2b(typed_query.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    key = f"search-suggestion:{version}:{digest}"
    return kept.get_or_set(key, lambda: suggest_correction(typed_query, using=using) or "")


def _searched_page(products, page, per_page, *, version):
    """``Paginator(_ids(products), per_page).get_page(page)``, in one query where it takes two.

    A search reads and ranks every match anyway, so the count of them all comes with the ids of
    the page (``COUNT(*) OVER ()``) at little cost. Only a page past the last, below the first
    or beyond any search's reach is counted first and read again, as the paginator does. (A
    listing without words reads only its page through an index: a count over all of it would
    cost more there.)
    """
    paginator = KeptPaginator(_ids(products), per_page, version=version)
    try:
        number = int(page)
    except (TypeError, ValueError):
        number = 1  # as the paginator takes it
    if 1 <= number <= MAX_SEARCHED_PAGE:
        bottom = (number - 1) * per_page
        counted = products.annotate(total=Window(Count("pk"))).values_list("pk", "total")
        rows = _kept_rows(counted[bottom : bottom + per_page], version=version)
        if rows or number == 1:
            paginator.count = rows[0][1] if rows else 0
            return Page([pk for pk, _total in rows], number, paginator)
    return paginator.get_page(page)


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
