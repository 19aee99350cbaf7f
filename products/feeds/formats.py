"""How each catalogue wants the rows written: Google's RSS 2.0 with ``g:`` fields, Meta's CSV."""

import csv
import io
import re
from xml.sax.saxutils import escape

GOOGLE_NAMESPACE = "http://base.google.com/ns/1.0"
META_COLUMNS = [
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
    "additional_image_link",
    "google_product_category",
]
# Characters XML 1.0 does not allow, even escaped: a pasted control character would make the
# whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text) -> str:
    return escape(_NOT_XML.sub("", str(text)))


def google_rss(items, *, title, link, description, language) -> str:
    """An RSS 2.0 document with one ``<item>`` of ``g:`` fields per row."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<rss version="2.0" xmlns:g="{GOOGLE_NAMESPACE}">\n<channel>\n',
        f"<title>{_xml(title)}</title>\n<link>{_xml(link)}</link>\n",
        f"<description>{_xml(description)}</description>\n<language>{_xml(language)}</language>\n",
    ]
    for item in items:
        fields = [
            ("id", item.id),
            ("title", item.title),
            ("description", item.description),
            ("link", item.link),
            ("image_link", item.image_link),
            *(("additional_image_link", url) for url in item.additional_image_links),
            ("availability", "in_stock" if item.in_stock else "out_of_stock"),
            ("price", f"{item.price}.00 IDR"),
            ("brand", item.brand),
            ("condition", "new"),
            ("google_product_category", item.google_product_category),
            ("identifier_exists", "no"),
        ]
        out.append("<item>\n")
        out.extend(f"<g:{name}>{_xml(value)}</g:{name}>\n" for name, value in fields)
        out.append("</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def meta_csv(items) -> str:
    """Meta's catalogue columns, one row per item; the extra pictures comma separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(META_COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.id,
                item.title,
                item.description,
                "in stock" if item.in_stock else "out of stock",
                "new",
                f"{item.price} IDR",
                item.link,
                item.image_link,
                item.brand,
                ",".join(item.additional_image_links),
                item.google_product_category,
            ]
        )
    return buffer.getvalue()
