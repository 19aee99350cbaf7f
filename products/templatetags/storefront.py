"""Template tags of the shop front: responsive pictures, canonical and hreflang links, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.pagecache import catalogue_version
from core.pagecache.parameters import declared_parameters
from products import seo
from products.listing.fragments import Cards

register = template.Library()

# What json_script escapes, so that no string can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", width=640, jpeg_srcset=False, priority=False):
    """``<picture>``: WebP renditions by width, a JPEG for browsers without WebP.

    ``width`` is the fallback rendition and sets the width/height attributes (no layout shift).
    """
    if image is None:
        return ""
    src = image.rendition_url(width, "jpeg") if image.renditions else image.rendition_url(width)
    size = ""
    if image.width and image.height:
        size = format_html(
            ' width="{}" height="{}"', min(width, image.width), image.rendition_height(width)
        )
    source = ""
    if image.renditions:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">', image.srcset("webp"), sizes
        )
    extra = ""
    if jpeg_srcset and image.renditions:
        extra = format_html(' srcset="{}" sizes="{}"', image.srcset("jpeg"), sizes)
    if priority:
        extra += mark_safe(' fetchpriority="high"')
    return format_html(
        '<picture>{}<img src="{}"{}{} alt="{}" loading="{}" decoding="async"></picture>',
        source,
        src,
        extra,
        size,
        _alt(image),
        loading,
    )


def _alt(image) -> str:
    """The picture's caption; without one, its product's (or vendor's) name when the picture was
    read with it, as on the product page. A card's picture, read alone, has the product's name
    right beside it and is left unnamed rather than named twice."""
    caption = getattr(image, "alt", "")
    if caption or not getattr(image, "_state", None) or not image._state.fields_cache:
        return caption
    return getattr(image, "alt_text", "") or ""


@register.simple_tag
def product_cards(products):
    """The cards of ``products`` (``Cards``, or products from ``products.listing.for_cards``),
    each rendered once per catalogue version and reused from the cache
    (``products.listing.fragments``)."""
    if isinstance(products, Cards):
        return products.html()
    products = list(products)
    ids = [product.pk for product in products]
    return Cards(ids, version=catalogue_version(), products=products).html()


@register.filter
def jsonld(data):
    """``<script type="application/ld+json">``: data for search engines, never executed."""
    if not data:
        return ""
    items = data if isinstance(data, list) else [data]
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        (
            (
                mark_safe(
                    json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
                        JSON_ESCAPES
                    )
                ),
            )
            for item in items
        ),
    )


@register.filter
def absolute(url):
    return seo.absolute(url)


def _page_suffix(request):
    """``?page=N`` for a later page of a page that has pages; nothing on one that does not read
    a page number (a product's page stored for everyone must not keep a visitor's ``?page=``)."""
    match = getattr(request, "resolver_match", None)
    declared = declared_parameters(match.func) if match else None
    if declared is not None and "page" not in declared.spellings:
        return ""
    page = request.GET.get("page", "")
    return f"?page={page}" if page.isascii() and page.isdigit() and int(page) > 1 else ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address on the public site: no tracking or filter parameters, its own page."""
    request = context.get("request")
    if request is None:
        return settings.SITE_URL + "/"
    return settings.SITE_URL + request.path + _page_suffix(request)


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang links to this page in every language, x-default the Indonesian one."""
    request = context.get("request")
    if request is None:
        return ""
    suffix = _page_suffix(request)
    links = [
        (code, settings.SITE_URL + _translated_path(request, code) + suffix)
        for code, _name in settings.LANGUAGES
    ]
    links.append(("x-default", links[0][1]))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)


def _translated_path(request, code):
    """``translate_url(request.path, code)``, from the match the request was routed by rather
    than resolving its path again for every language."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name or request.path != request.path_info:
        return translate_url(request.path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(code):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path


@register.simple_tag
def store_jsonld(outlet):
    """The Store JSON-LD of an outlet (``includes/seo/store_jsonld.html``)."""
    return jsonld(seo.store_jsonld(outlet))
