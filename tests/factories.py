"""factory_boy factories for the suite. Stock is never made here: use gallery.services."""

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from core.models import Kecamatan
from gallery.models import OpeningHours, Outlet
from products.models import Category, Product
from vendors.models import Vendor


def kecamatan(name="Plered"):
    return Kecamatan.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("kata-sandi-uji-2026")


class StaffFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    user = factory.SubFactory(UserFactory)
    business_name = factory.Sequence(lambda n: f"Keramik Plered Jaya {n}")
    slug = factory.Sequence(lambda n: f"keramik-plered-jaya-{n}")
    owner_name = factory.Faker("name", locale="id_ID")
    whatsapp = factory.Sequence(lambda n: f"+62812{n:08d}")
    kecamatan = factory.LazyFunction(kecamatan)
    desa = "Anjun"
    address = "Jl. Raya Plered No. 12"
    story = "Usaha keluarga pembuat gerabah sejak 1985."
    status = Vendor.Status.APPROVED


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"kategori-{n}")
    name_id = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    vendor = factory.SubFactory(VendorFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Guci Keramik Plered {n}")
    slug = factory.Sequence(lambda n: f"guci-keramik-plered-{n}")
    description = "Guci tanah liat buatan tangan perajin Plered."
    materials = "tanah liat"
    price = 150_000
    status = Product.Status.PUBLISHED


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Galeri Menong {n}")
    slug = factory.Sequence(lambda n: f"galeri-menong-{n}")
    address = "Jl. Veteran No. 134, Ciseureuh"
    kecamatan = factory.LazyFunction(lambda: kecamatan("Purwakarta"))
    whatsapp = "+6281200000134"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    outlet = factory.SubFactory(OutletFactory)
    weekday = 0
    opens = "09:00"
    closes = "17:00"


class ProductImageFactory(factory.django.DjangoModelFactory):
    """A product picture as the image pipeline stores it: the names only, no file is written."""

    class Meta:
        model = "products.ProductImage"

    product = factory.SubFactory(ProductFactory)
    file = factory.Sequence(lambda n: f"images/products/productimage/{n % 100:02d}/foto{n}.jpg")
    width = 1600
    height = 1200
    alt = factory.LazyAttribute(lambda o: f"Foto {o.product.name} di atas meja kayu")
    renditions = factory.LazyAttribute(
        lambda o: {
            str(width): {
                "webp": o.file.replace(".jpg", f"-{width}.webp"),
                "jpeg": o.file.replace(".jpg", f"-{width}.jpg"),
            }
            for width in (320, 640, 1280)
        }
    )


def _now():
    from django.utils import timezone

    return timezone.now()


class VerifiedUserFactory(UserFactory):
    """An account whose email address is confirmed."""

    email_verified_at = factory.LazyFunction(_now)


class SubmittedVendorFactory(VendorFactory):
    """A vendor whose owner confirmed the email address; the registration waits for staff."""

    user = factory.SubFactory(VerifiedUserFactory)
    status = Vendor.Status.SUBMITTED
    submitted_at = factory.LazyFunction(_now)


class VendorImageFactory(factory.django.DjangoModelFactory):
    """A vendor picture as the image pipeline stores it: the names only, no file is written."""

    class Meta:
        model = "vendors.VendorImage"

    vendor = factory.SubFactory(VendorFactory)
    kind = "photo"
    file = factory.Sequence(lambda n: f"images/vendors/vendorimage/{n % 100:02d}/foto{n}.jpg")
    width = 1280
    height = 960
    alt = factory.LazyAttribute(lambda o: f"Bengkel {o.vendor.business_name}")
    renditions = factory.LazyAttribute(
        lambda o: {
            str(width): {
                "webp": o.file.replace(".jpg", f"-{width}.webp"),
                "jpeg": o.file.replace(".jpg", f"-{width}.jpg"),
            }
            for width in (320, 640, 1280)
        }
    )


class CurationCheckFactory(factory.django.DjangoModelFactory):
    """A recorded curation check, passed unless told (no points: make those through
    ``curation.services`` against a seeded checklist)."""

    class Meta:
        model = "curation.CurationCheck"

    product = factory.SubFactory(ProductFactory)
    by = factory.LazyFunction(lambda: UserFactory(email="kurator@contoh.id", is_staff=True))
    outcome = "passed"


def curated(*products):
    """The products passed the gallery's check: they may be taken in at any outlet."""
    for product in products:
        CurationCheckFactory(product=product)
    return products
