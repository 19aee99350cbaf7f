"""The listing's filter choices, the same for every visitor: read once per catalogue version.

The categories, the open outlets and the kecamatan of makers with products on show change only
through writes that move the catalogue version on (``core.pagecache.catalogue_changed``), so
they are kept in the cache under it, each on its own (a maker's page has no kecamatan filter)
and read together. The product page takes its outlets from here too. The timeout bounds how
stale a worker with its own per-process cache (no shared ``CACHE_URL``) can be. When the cache
is down every read misses and the choices are read from the database, as before.
"""

from dataclasses import dataclass, field
from functools import cached_property

from core.models import Kecamatan
from core.pagecache import catalogue_version
from core.pagecache.kept import kept
from gallery.open_outlets import read_open_outlets

from ..models import Category, Product
from .filters import CategoryTree


@dataclass
class ListingChoices:
    categories: list
    outlets: list
    kecamatan: list = field(default_factory=list)
    version: int = 0  # the catalogue version they were read under

    @cached_property
    def tree(self):
        return CategoryTree(self.categories)


def read_categories() -> list:
    return list(Category.objects.all())


def read_kecamatan() -> list:
    """``[(code, name)]`` of the kecamatan where makers with products on show work."""
    return list(
        Kecamatan.objects.filter(vendors__in=Product.objects.public().values("vendor"))
        .distinct()
        .values_list("code", "name")
    )


READERS = {
    "categories": ("listing-categories:{}", read_categories),
    "outlets": ("listing-outlets:{}", read_open_outlets),
    "kecamatan": ("listing-kecamatan:{}", read_kecamatan),
}


def listing_choices(*, kecamatan=True) -> ListingChoices:
    """The choices of the current catalogue version; without the kecamatan for a page whose
    listing has no kecamatan filter."""
    version = catalogue_version()
    names = [name for name in READERS if kecamatan or name != "kecamatan"]
    keys = {name: READERS[name][0].format(version) for name in names}
    found = kept.get_many(list(keys.values()))
    values, missing = {}, {}
    for name, key in keys.items():
        if key in found:
            values[name] = found[key]
        else:
            values[name] = missing[key] = READERS[name][1]()
    if missing:
        kept.set_many(missing)
    return ListingChoices(**values, version=version)
