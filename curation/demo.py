"""Demo checks: the demo staff account checked every product on sale before the gallery's demo
takes it in (``gallery.demo`` runs after this). Products checked already are left alone, so
running it again adds nothing."""

from accounts.models import User
from core.demo import STAFF_EMAIL
from products.models import Product

from .models import Checklist
from .services import curation_check_record


def seed(stdout):
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None or not staff.has_perm("curation.check_product"):
        stdout.write("curation: no demo staff account to check products (seed core first).")
        return
    products = (
        Product.objects.public()
        .filter(curation_checks__isnull=True)
        .select_related("vendor", "category__parent")
        .order_by("pk")
    )
    checked = 0
    for product in products:
        checklist = Checklist.objects.for_product(product)
        if checklist is None:
            continue
        points = {item.pk: (True, "") for item in checklist.items.filter(is_active=True)}
        if not points:
            continue
        curation_check_record(product=product, by=staff, points=points, note="")
        checked += 1
    if checked:
        stdout.write(f"curation: {checked} products checked and passed")
