"""Demo vendors: 25 UMKM of Purwakarta in every state of the review, with their history.

The district's real crafts: Plered ceramics and Menong clay dolls, bamboo weaving, palm sugar from
the highlands, batik, simping and semprong. Logos are drawn with Pillow and go through the image
pipeline. The history is written as it happened, weeks ago, without emailing anyone. A vendor
whose account exists is left alone, so running this again changes nothing.
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.models import User
from core.demo import STAFF_EMAIL, demo_user
from core.models import Kecamatan
from products.models import Category

from .. import services
from ..models import Vendor, VendorLink, VendorStatusChange
from .data import COLOURS, CRAFT_CATEGORIES, VENDORS, Demo

S = Vendor.Status


def _logo(business: str, colour) -> ContentFile:
    image = Image.new("RGB", (480, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 440, 440), outline=(255, 251, 245), width=12)
    initials = "".join(word[0] for word in business.split()[:2]).upper()
    font = ImageFont.load_default(size=170)
    draw.text((240, 240), initials, fill=(255, 251, 245), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


def _history(vendor: Vendor, steps, start):
    """Write the review steps as they happened: (from, to, by, reason, days after start)."""
    for from_status, to_status, by, reason, days in steps:
        change = VendorStatusChange.objects.create(
            vendor=vendor, from_status=from_status, to_status=to_status, by=by, reason=reason
        )
        VendorStatusChange.objects.filter(pk=change.pk).update(at=start + timedelta(days=days))


def _steps(demo: Demo, owner, staff):
    submit = (S.DRAFT, S.SUBMITTED, owner, "", 1)
    approve = (S.SUBMITTED, S.APPROVED, staff, "", 4)
    if demo.status == S.DRAFT:
        return []
    if demo.status == S.SUBMITTED:
        return [submit]
    if demo.status == S.REJECTED:
        return [submit, (S.SUBMITTED, S.REJECTED, staff, demo.reason, 3)]
    if demo.status == S.SUSPENDED:
        return [submit, approve, (S.APPROVED, S.SUSPENDED, staff, demo.reason, 40)]
    if demo.reinstated:
        pause = "Laporan pembeli: kemasan kopi bocor. Mohon perbaiki kemasan."
        return [
            submit,
            (S.SUBMITTED, S.REJECTED, staff, "Lengkapi foto produk dan alamat kebun.", 3),
            (S.REJECTED, S.SUBMITTED, owner, "", 6),
            (S.SUBMITTED, S.APPROVED, staff, "", 8),
            (S.APPROVED, S.SUSPENDED, staff, pause, 30),
            (S.SUSPENDED, S.APPROVED, staff, "Kemasan baru sudah diperiksa.", 36),
        ]
    return [submit, approve]


def seed(stdout):
    staff = User.objects.get(email=STAFF_EMAIL)
    kecamatan = {k.name: k for k in Kecamatan.objects.all()}
    top_categories = {c.slug: c for c in Category.objects.filter(parent=None)}
    now = timezone.now()
    created = 0
    for index, demo in enumerate(VENDORS):
        owner = demo_user(demo.email, demo.owner, phone=demo.whatsapp)
        if Vendor.objects.filter(user=owner).exists():
            continue
        start = now - timedelta(days=120 - index * 3)
        if demo.status != S.DRAFT or index % 2:
            User.objects.filter(pk=owner.pk).update(email_verified_at=start)
            owner.refresh_from_db()
        steps = _steps(demo, owner, staff)
        submitted = [days for _f, to, _b, _r, days in steps if to == S.SUBMITTED]
        approved = [days for _f, to, _b, _r, days in steps if to == S.APPROVED]
        vendor = Vendor.objects.create(
            user=owner,
            business_name=demo.business,
            slug=services.vendor_unique_slug(demo.business),
            owner_name=demo.owner,
            whatsapp=demo.whatsapp,
            show_whatsapp=index % 4 != 3,
            kecamatan=kecamatan[demo.kecamatan],
            desa=demo.desa,
            address=demo.address,
            story=demo.story,
            founded_year=demo.founded,
            nib=demo.nib,
            pirt_number=demo.pirt,
            halal_number=demo.halal,
            needs_licensing_help=demo.needs_help,
            status=demo.status,
            status_reason=demo.reason,
            submitted_at=start + timedelta(days=submitted[-1]) if submitted else None,
            approved_at=start + timedelta(days=approved[0]) if approved else None,
        )
        Vendor.objects.filter(pk=vendor.pk).update(created_at=start)
        vendor.categories.set(
            top_categories[slug] for slug in CRAFT_CATEGORIES[demo.craft] if slug in top_categories
        )
        VendorLink.objects.bulk_create(
            VendorLink(vendor=vendor, platform=platform, url=url)
            for platform, url in demo.links.items()
        )
        _history(vendor, steps, start)
        if demo.status in (S.APPROVED, S.SUSPENDED):
            services.vendor_set_logo(
                vendor=vendor,
                by=owner,
                upload=_logo(demo.business, COLOURS[demo.craft]),
                log=False,
            )
        created += 1
    counts = {status: Vendor.objects.filter(status=status).count() for status in S.values}
    stdout.write(
        f"vendors: {created} added; "
        + ", ".join(f"{count} {status}" for status, count in counts.items())
    )
