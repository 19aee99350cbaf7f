"""Demo products: about 300 goods of the approved demo vendors, with pictures drawn by Pillow.

Nothing is downloaded. About two dozen pictures are drawn and put through the image pipeline
once; every product picture then gets its own stored copies of those files, so deleting one
product never touches another's. Products are matched by (vendor, name): running this again
adds nothing.
"""

import random
import zlib

from accounts.models import User
from core.demo import STAFF_EMAIL
from core.images import store_prepared_image
from vendors.models import Vendor

from .. import services
from ..models import Category, Product
from .catalogue import HIDDEN_REASON, KEYWORDS, LINES, LINES_BY_CATEGORY
from .drawings import PALETTES, SIZE, PictureBox

__all__ = ["PALETTES", "SIZE", "TARGET_PRODUCTS", "PictureBox", "seed"]

TARGET_PRODUCTS = 300


def _capacity(lines):
    return sum(len(line.names) * len(line.variants) for line in lines)


def _lines_for(vendor, categories, count):
    """What a vendor makes: its categories, or what its name says, or three at random; then
    neighbouring lines until there are names enough for ``count`` different products."""
    leaf_slugs = set(categories)
    chosen = [
        child.slug
        for category in vendor.categories.all()
        for child in ([category] if category.parent_id else category.children.all())
        if child.slug in LINES_BY_CATEGORY
    ]
    if not chosen:
        name = vendor.business_name.lower()
        chosen = [slug for word, slugs in KEYWORDS.items() if word in name for slug in slugs]
    rng = random.Random(vendor.slug)  # noqa: S311 (demo data)
    if not chosen:
        chosen = rng.sample(sorted(leaf_slugs), 3)
    lines = [LINES_BY_CATEGORY[slug] for slug in dict.fromkeys(chosen) if slug in leaf_slugs]
    # More of the same craft first (a potter makes more pottery), then anything.
    crafts = {categories[line.category].parent_id for line in lines}
    others = [line for line in LINES if line not in lines and line.category in leaf_slugs]
    rng.shuffle(others)
    others.sort(key=lambda line: categories[line.category].parent_id in crafts)
    while others and _capacity(lines) < 2 * count:
        lines.append(others.pop())
    return lines


def _price(rng, low, high):
    step = 500 if high <= 50_000 else 5_000
    return rng.randrange(low // step, high // step + 1) * step


def _description(rng, line, name, vendor):
    """The product's text, and for food the months it keeps (its shelf life)."""
    parts = [f"{name} buatan {vendor.business_name}."]
    months = None
    if line.about:
        parts.append(line.about)
    if line.food:
        months = rng.choice((2, 3))
        parts.append(
            f"Tahan sekitar {months} bulan dalam wadah tertutup, simpan di tempat kering dan "
            "sejuk, jauh dari sinar matahari."
        )
    else:
        parts.append(
            rng.choice(
                (
                    "Setiap buah dibuat tangan, sehingga warna dan ukurannya sedikit berbeda.",
                    "Cocok untuk oleh-oleh khas Purwakarta maupun hiasan rumah.",
                    "Bersihkan dengan kain lembap; hindari sabun keras.",
                )
            )
        )
    return "\n\n".join(parts), months


def _plan(vendor, lines, count):
    """The products a vendor offers: always the same for the same vendor."""
    rng = random.Random(f"produk:{vendor.slug}")  # noqa: S311 (demo data)
    seen, plan = set(), []
    attempts = 0
    while len(plan) < count and attempts < count * 20:
        attempts += 1
        line = lines[len(plan) % len(lines)]
        name = f"{rng.choice(line.names)} {rng.choice(line.variants)}"
        if name in seen:
            continue
        seen.add(name)
        h, d, w = rng.randrange(10, 80), rng.randrange(8, 50), rng.randrange(15, 60)
        made_to_order = rng.random() < line.made_to_order
        description, months = _description(rng, line, name, vendor)
        food = (
            {
                "shelf_life_days": months * 30,
                # A made-up SPP-IRT number of the right shape: 15 digits, district 3214.
                "pirt_number": f"2{zlib.crc32(name.encode()) % 10**6:06d}3214{len(plan):02d}26",
            }
            if months
            else {}
        )
        plan.append(
            {
                "line": line,
                "fields": {
                    "name": name,
                    "description": description,
                    "materials": line.materials,
                    "dimensions": line.dimensions.format(h=h, d=d, w=w),
                    "weight_grams": rng.randrange(*line.weight),
                    "price": _price(rng, *line.price),
                    "made_to_order": made_to_order,
                    "lead_time_days": rng.choice((7, 10, 14, 21, 30)) if made_to_order else None,
                    **food,
                },
                "pictures": [
                    (rng.choice(line.pictures), rng.randrange(3))
                    for _ in range(rng.choice((1, 1, 2, 3)))
                ],
            }
        )
    return plan


def _status(number):
    """Mostly published: one in twelve a draft, one in twenty-five archived, one in forty
    hidden by staff (published, with the reason the vendor reads)."""
    if number % 12 == 5:
        return "draft"
    if number % 25 == 11:
        return "archived"
    if number % 40 == 23:
        return "hidden"
    return "published"


def _seed_category_pictures(box):
    for top in Category.objects.filter(parent__isnull=True, file=""):
        child = top.children.filter(slug__in=LINES_BY_CATEGORY).first()
        if child is None:
            continue
        line = LINES_BY_CATEGORY[child.slug]
        store_prepared_image(top, box.get(line.pictures[0], top.position))
        top.save(update_fields=["file", "width", "height", "renditions"])


def seed(stdout):
    vendors = list(
        Vendor.objects.approved().select_related("user").prefetch_related("categories__children")
    )
    if not vendors:
        stdout.write("products: no approved vendors yet, so no demo products (seed vendors first).")
        return
    leaf_slugs = set(
        Category.objects.filter(children__isnull=True).values_list("slug", flat=True)
    ) & set(LINES_BY_CATEGORY)
    categories = {c.slug: c for c in Category.objects.filter(slug__in=leaf_slugs)}
    if not categories:
        stdout.write("products: the category tree is missing (run migrate first).")
        return
    # The district staff member hides; a superuser if the demo staff account is missing.
    staff = (
        User.objects.filter(email=STAFF_EMAIL).first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    existing = set(Product.objects.filter(vendor__in=vendors).values_list("vendor_id", "name"))
    box = PictureBox()
    _seed_category_pictures(box)
    per_vendor, extra = divmod(TARGET_PRODUCTS, len(vendors))
    created = number = 0
    for index, vendor in enumerate(sorted(vendors, key=lambda v: v.slug)):
        count = per_vendor + (1 if index < extra else 0)
        for item in _plan(vendor, _lines_for(vendor, categories, count), count):
            number += 1
            fields = item["fields"]
            if (vendor.pk, fields["name"]) in existing:
                continue
            status = _status(number)
            product = services.product_create(
                vendor=vendor, by=vendor.user, category=categories[item["line"].category], **fields
            )
            for photo, (kind, variant) in enumerate(item["pictures"], start=1):
                services.product_image_add(
                    product=product,
                    by=vendor.user,
                    alt=f"{fields['name']}, foto {photo}",
                    prepared=box.get(kind, variant),
                )
            if status != "draft":
                services.product_publish(product=product, by=vendor.user)
            if status == "archived":
                services.product_archive(product=product, by=vendor.user)
            if status == "hidden" and staff is not None:
                services.product_hide(product=product, by=staff, reason=HIDDEN_REASON)
            created += 1
    total = Product.objects.filter(vendor__in=vendors).count()
    stdout.write(f"products: {created} demo products added ({total} in all).")
