"""What search engines and link previews read: absolute URLs and schema.org JSON-LD."""

import re
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from core.localized import localized, page_language
from core.phones import whatsapp_digits

SCHEMA = "https://schema.org/"
GALLERY_NAME = "Galeri Menong"
SHARE_IMAGE_WIDTH = 1280


def absolute(url):
    """``url`` on the public site: SITE_URL in front of a path; full URLs (a bucket) unchanged."""
    if not url or re.match(r"^https?://", url):
        return url
    return settings.SITE_URL + url


def share_image(image):
    """The absolute URL, width and height of a picture's 1280 px JPEG (link previews)."""
    if image is None:
        return None
    return {
        "url": absolute(image.rendition_url(SHARE_IMAGE_WIDTH, "jpeg")),
        "width": min(SHARE_IMAGE_WIDTH, image.width) if image.width else None,
        "height": image.rendition_height(SHARE_IMAGE_WIDTH),
        # A product's or vendor's picture without a description is described by its name.
        "alt": getattr(image, "alt_text", None) or getattr(image, "alt", ""),
    }


def availability(product, available):
    """schema.org availability: on a shelf now, made to order, or out of stock."""
    if available > 0:
        return SCHEMA + "InStock"
    if product.made_to_order:
        return SCHEMA + "PreOrder"
    return SCHEMA + "OutOfStock"


def gallery_organization():
    return {"@type": "Organization", "name": GALLERY_NAME, "url": absolute(reverse("core:home"))}


def food_properties(product):
    """A food product's permits as schema.org ``PropertyValue``s: there is no property of its
    own for them, and ``additionalProperty`` is how schema.org names facts like these."""
    # The permit the page shows (``Product.permit``): BPOM first, else P-IRT.
    permit = (
        ("BPOM RI", product.bpom_number) if product.bpom_number else ("P-IRT", product.pirt_number)
    )
    permits = [permit, (gettext("Halal certificate"), product.halal_number)]
    return [
        {"@type": "PropertyValue", "name": name, "value": value} for name, value in permits if value
    ]


def in_language(*texts):
    """schema.org ``inLanguage`` of the texts a JSON-LD item carries: the page's language, or
    Indonesian where they fell back to it; both (the page's first) when they differ."""
    page = page_language()
    languages = sorted(
        {text.language for text in texts if text.text}, key=lambda code: code != page
    )
    if not languages:
        return page
    return languages[0] if len(languages) == 1 else languages


def product_jsonld(product, *, images, available, url, food=False):
    name = localized(product, "name")
    description = localized(product, "description")
    vendor = {
        "@type": "Organization",
        "name": product.vendor.business_name,
        "url": absolute(product.vendor.get_absolute_url()),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name.text,
        "description": description.text or name.text,
        "inLanguage": in_language(name, description),
        "sku": product.slug,
        "url": url,
        "category": product.category.name,
        "brand": {"@type": "Brand", "name": product.vendor.business_name},
        "manufacturer": vendor,
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": product.price,
            "priceCurrency": "IDR",
            "availability": availability(product, available),
            "itemCondition": SCHEMA + "NewCondition",
            "availableDeliveryMethod": "http://purl.org/goodrelations/v1#DeliveryModePickUp",
            "seller": gallery_organization(),
        },
    }
    if images:
        data["image"] = [absolute(i.rendition_url(SHARE_IMAGE_WIDTH, "jpeg")) for i in images]
    if product.materials:
        data["material"] = product.materials
    if product.weight_grams:
        data["weight"] = {
            "@type": "QuantitativeValue",
            "value": product.weight_grams,
            "unitCode": "GRM",
        }
    properties = food_properties(product) if food else []
    if properties:
        data["additionalProperty"] = properties
    return data


def breadcrumbs_jsonld(crumbs):
    """``crumbs``: (name, path) pairs from the home page down to the page itself."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute(path)}
            for position, (name, path) in enumerate(crumbs, 1)
        ],
    }


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def store_jsonld(outlet):
    """A Galeri Menong outlet as a schema.org Store (prefetch ``opening_hours`` and ``photos``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": outlet.name,
        "url": absolute(outlet.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": outlet.address,
            "addressLocality": outlet.kecamatan.name,
            "addressRegion": "Jawa Barat",
            "addressCountry": "ID",
        },
        "parentOrganization": gallery_organization(),
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA + WEEKDAYS[hours.weekday],
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in outlet.opening_hours.all()
        ],
    }
    description = localized(outlet, "description")
    if description.text:
        data["description"] = description.text
        data["inLanguage"] = in_language(description)
    if outlet.phone or outlet.whatsapp:
        data["telephone"] = outlet.phone or outlet.whatsapp
    if outlet.latitude is not None and outlet.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(outlet.latitude),
            "longitude": float(outlet.longitude),
        }
    photos = [photo for photo in outlet.photos.all() if photo.file]
    if photos:
        data["image"] = [absolute(p.rendition_url(SHARE_IMAGE_WIDTH, "jpeg")) for p in photos]
    return data


def website_jsonld():
    """The site and its search box (sitelinks search box), for the home page."""
    home = absolute(reverse("core:home"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": GALLERY_NAME,
        "url": home,
        "publisher": gallery_organization(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("products:catalogue")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


# Contact and sharing


def whatsapp_number(vendor):
    """The vendor's number when they chose to show it, else the gallery's; digits only, 62…"""
    number = vendor.whatsapp if vendor.show_whatsapp and vendor.whatsapp else ""
    return whatsapp_digits(number or settings.GALLERY_CONTACT_WHATSAPP)


def whatsapp_inquiry_url(product, url):
    message = gettext("Hello, I would like to ask about %(product)s: %(url)s") % {
        "product": localized(product, "name").text,
        "url": url,
    }
    return f"https://wa.me/{whatsapp_number(product.vendor)}?text={quote(message, safe='')}"


def share_links(url, title):
    """(network, href) pairs: plain links, no third-party scripts."""
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/tweet?" + urlencode({"url": url, "text": title})),
    ]
