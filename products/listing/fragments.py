"""Pieces of the shop front rendered once and kept in the cache: product cards, the filter form.

A product card looks the same on the catalogue, a search, a category, a maker's page, the home
page and under a product, so it is rendered once and reused. It is keyed on the product and the
catalogue version (``core.pagecache.catalogue_version``), which every change a card shows moves
on: a product's name, price or pictures, its maker, a sell-out or a restock at an outlet, an
outlet closing for good. It is keyed on the day in Jakarta too: food in a batch stops being
available at midnight without any change being recorded. So a listing reads only the ids of its
page and takes the cards from one ``get_many``; only the products whose card is missing are read
and rendered.

The listing's filter form is keyed on what it is rendered from (its fields, their choices, the
values sent), so it never needs invalidating. Every key holds the language and a digest of the
code that draws the piece, so a deploy that changes a template never shows pieces of the old
one. When the cache is down every read misses and everything is rendered, as without the cache.
"""

from collections.abc import Sequence
from functools import cache as memoize
from hashlib import blake2b
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.pagecache.kept import kept
from gallery.models import today_in_jakarta

from ..models import Product
from .cards import for_cards, with_card_images

CARD_TEMPLATE = "includes/product_card.html"
FORM_TEMPLATE = "includes/form.html"


@memoize
def _code(template_name) -> str:
    """A digest of the code that draws a piece: its template, the modules behind its tags,
    fields and picture addresses, the translations, Django's own form templates."""
    from core import localized as localized_texts
    from core import models as core_models
    from core.templatetags import localized, rupiah

    from ..templatetags import storefront
    from . import filters

    digest = blake2b(digest_size=6)
    digest.update(get_template(template_name).template.source.encode())
    for module in (storefront, rupiah, localized, localized_texts, core_models, filters):
        digest.update(Path(module.__file__).read_bytes())
    for folder in settings.LOCALE_PATHS:
        for catalog in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            digest.update(catalog.read_bytes())
    digest.update(f"{django.__version__} {default_storage.url('x')}".encode())
    return digest.hexdigest()


def _prefix(kind, template_name) -> str:
    """What every key of a kind of piece starts with in this request: code, language, and
    the script prefix that the piece's links start with."""
    where = blake2b(get_script_prefix().encode(), digest_size=4).hexdigest()
    return f"fragment:{kind}:{_code(template_name)}:{get_language()}:{where}"


class Cards(Sequence):
    """The cards of a list of products, in order, read from the cache in one go.

    ``keys()`` names the cache entries, so that a page can read them together with its other
    pieces; ``html(found)`` puts the cards together from what was found and renders the rest.
    As a sequence, the products themselves (``for_cards``), given or read when first needed:
    a page that only shows the cards, counts them or tests them never reads them.
    """

    def __init__(self, ids, *, version, eager=0, products=None):
        self.ids = list(ids)
        self.eager = eager
        self._products = products
        prefix = f"{_prefix('card', CARD_TEMPLATE)}:{version}:{today_in_jakarta():%Y%m%d}"
        self._keys = [f"{prefix}:{pk}:{'e' if i < eager else 'l'}" for i, pk in enumerate(self.ids)]

    def keys(self):
        return self._keys

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, int | slice):
            # A template's ``cards.ids`` tries ``cards["ids"]`` first: no need to read anything.
            raise TypeError(f"Cards are indexed by position, not {index!r}")
        return self.products[index]

    def __eq__(self, other):
        return isinstance(other, Sequence) and list(self) == list(other)

    @property
    def products(self):
        if self._products is None:
            self._products = read_card_products(self.ids)
        return self._products

    def html(self, found=None):
        if found is None:
            found = kept.get_many(self._keys) if self._keys else {}
        missing = [pk for pk, key in zip(self.ids, self._keys, strict=True) if key not in found]
        rendered = {}
        if missing:
            products = {product.pk: product for product in self._for(missing)}
            template = get_template(CARD_TEMPLATE)
            for i, (pk, key) in enumerate(zip(self.ids, self._keys, strict=True)):
                if key not in found and pk in products:
                    context = {"product": products[pk], "eager": i < self.eager}
                    rendered[key] = str(template.render(context))
            if rendered:
                kept.set_many(rendered)
        return mark_safe("".join(found.get(key) or rendered.get(key, "") for key in self._keys))

    def _for(self, ids):
        """The products to render the missing cards of ``ids`` from: all of them when every card
        is missing (they are kept, as ``products``), else only those."""
        if self._products is not None or len(ids) == len(self.ids):
            return self.products
        return read_card_products(ids)


def read_card_products(ids):
    """The products of ``ids`` with what their cards show, in the order of ``ids``; a product
    gone since the ids were read is left out."""
    found = {product.pk: product for product in for_cards(Product.objects.filter(pk__in=list(ids)))}
    return with_card_images(found[pk] for pk in ids if pk in found)


def form_key(form) -> str:
    """The filter form's key: its fields, the values sent for them and their choices."""
    sent = (
        form.data.getlist if hasattr(form.data, "getlist") else lambda name: [form.data.get(name)]
    )
    shown = tuple(
        (
            name,
            tuple(sent(name)),
            tuple((str(value), str(label)) for value, label in getattr(field, "choices", ())),
        )
        for name, field in form.fields.items()
    )
    digest = blake2b(repr((form.auto_id, shown)).encode("utf-8", "backslashreplace"))
    return f"{_prefix('form', FORM_TEMPLATE)}:{digest.hexdigest()[:32]}"


def filter_form_html(form, found=None):
    """``includes/form.html`` for the listing's bound filter form. A form with errors is not
    stored: values nobody else sends make no entry."""
    key = form_key(form)
    html = found.get(key) if found is not None else kept.get(key)
    if html is None:
        html = str(render_to_string(FORM_TEMPLATE, {"form": form}))
        if not form.errors:
            kept.set(key, html)
    return mark_safe(html)
