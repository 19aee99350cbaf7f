"""sitemap.xml: every public page in Indonesian and English, with hreflang alternates."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse
from django.views.decorators.cache import cache_page

from gallery.models import Outlet
from vendors.models import Vendor

from .models import Category, Product


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL (not the host the request came in on), in both languages."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticPagesSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["core:home", "products:catalogue", "vendors:vendor-list", "gallery:outlet-list"]

    def location(self, item):
        return reverse(item)


class ProductSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Product.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.only("slug").order_by("pk")


class VendorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Vendor.objects.approved().only("slug", "updated_at").order_by("pk")

    def lastmod(self, vendor):
        return vendor.updated_at


class OutletSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Outlet.objects.filter(is_active=True).only("slug").order_by("position", "pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "vendors": VendorSitemap,
    "outlets": OutletSitemap,
}


@cache_page(60 * 60)
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)
