import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from core.pagecache import catalogue_version
from gallery.services import stock_receive
from products import services
from products.models import Product, ProductEvent, ProductSlugHistory
from tests.factories import OutletFactory, ProductFactory, VendorFactory
from tests.products import pictures
from tests.products.helpers import product_fields, published_product

pytestmark = pytest.mark.django_db
Action = ProductEvent.Action


def create(vendor, **overrides):
    return services.product_create(vendor=vendor, by=vendor.user, **product_fields(**overrides))


def test_a_new_product_is_a_draft_with_a_readable_slug_and_a_record(vendor):
    product = create(vendor, name="  Guci Keramik Motif Daun  ")
    assert product.status == Product.Status.DRAFT
    assert product.name == "Guci Keramik Motif Daun"
    assert product.slug == "guci-keramik-motif-daun"
    event = product.events.get()
    assert (event.action, event.by) == (Action.CREATED, vendor.user)


def test_slugs_are_unique_with_a_suffix_and_never_reuse_an_old_address(vendor, other_vendor):
    first = create(vendor)
    second = create(other_vendor)
    assert (first.slug, second.slug) == ("guci-keramik-motif-daun", "guci-keramik-motif-daun-2")
    ProductSlugHistory.objects.create(product=first, slug="guci-keramik-motif-daun-3")
    assert create(vendor).slug == "guci-keramik-motif-daun-4"
    assert create(vendor, name="!!!").slug == "produk"


def test_renaming_keeps_the_slug(vendor):
    product = create(vendor)
    services.product_update(product=product, by=vendor.user, name="Guci Besar Motif Daun")
    product.refresh_from_db()
    assert product.name == "Guci Besar Motif Daun"
    assert product.slug == "guci-keramik-motif-daun"
    assert product.events.filter(action=Action.EDITED, reason="name").exists()


def test_an_update_touches_only_the_details(vendor, other_vendor):
    product = create(vendor)
    with pytest.raises(TypeError):
        services.product_update(product=product, by=vendor.user, vendor=other_vendor)
    with pytest.raises(TypeError):
        services.product_update(product=product, by=vendor.user, status="published")
    with pytest.raises(TypeError):
        services.product_update(product=product, by=vendor.user, slug="lain")
    with pytest.raises(TypeError):
        services.product_update(product=product, by=vendor.user, hidden_at=None)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": 999}, "price"),
        ({"price": 100_000_001}, "price"),
        ({"name": "   "}, "name"),
        ({"made_to_order": True, "lead_time_days": None}, "lead_time_days"),
    ],
)
def test_invalid_details_are_refused_and_nothing_is_saved(vendor, overrides, field):
    with pytest.raises(ValidationError) as raised:
        create(vendor, **overrides)
    assert field in raised.value.message_dict
    assert not Product.objects.exists()


def test_lead_time_is_kept_only_for_made_to_order_goods(vendor):
    product = create(vendor, made_to_order=True, lead_time_days=14)
    assert product.lead_time_days == 14
    services.product_update(product=product, by=vendor.user, made_to_order=False)
    product.refresh_from_db()
    assert product.lead_time_days is None


def test_the_database_refuses_made_to_order_without_lead_time(vendor):
    product = create(vendor)
    with pytest.raises(IntegrityError):
        Product.objects.filter(pk=product.pk).update(made_to_order=True, lead_time_days=None)


def test_only_approved_vendors_publish(vendor):
    for status in ("draft", "submitted", "rejected", "suspended"):
        other = VendorFactory(status=status, status_reason="Dokumen kurang")
        product = create(other)
        services.product_image_add(
            product=product, by=other.user, upload=pictures.jpeg(), alt="Guci"
        )
        with pytest.raises(services.ProductError):
            services.product_publish(product=product, by=other.user)
        product.refresh_from_db()
        assert product.status == Product.Status.DRAFT


def test_a_product_needs_a_picture_to_be_published(vendor, django_capture_on_commit_callbacks):
    product = create(vendor)
    with pytest.raises(services.ProductError):
        services.product_publish(product=product, by=vendor.user)
    services.product_image_add(
        product=product, by=vendor.user, upload=pictures.jpeg(), alt="Guci coklat"
    )
    version = catalogue_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.product_publish(product=product, by=vendor.user)
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED
    assert product.published_at is not None
    assert product.events.filter(action=Action.PUBLISHED, by=vendor.user).exists()
    assert catalogue_version() > version


def test_archiving_takes_a_product_off_sale_and_it_can_come_back(vendor):
    product = published_product(vendor)
    services.product_archive(product=product, by=vendor.user)
    assert not Product.objects.public().filter(pk=product.pk).exists()
    services.product_publish(product=product, by=vendor.user)
    assert Product.objects.public().filter(pk=product.pk).exists()


def test_staff_hide_with_a_reason_and_restore(vendor, staf_dinas):
    product = published_product(vendor)
    with pytest.raises(ValidationError):
        services.product_hide(product=product, by=staf_dinas, reason="   ")
    services.product_hide(product=product, by=staf_dinas, reason="Foto bukan produk asli.")
    product.refresh_from_db()
    assert product.is_hidden
    assert (product.hidden_by, product.hidden_reason) == (staf_dinas, "Foto bukan produk asli.")
    assert not Product.objects.public().filter(pk=product.pk).exists()
    with pytest.raises(services.ProductError):
        services.product_hide(product=product, by=staf_dinas, reason="lagi")

    services.product_restore(product=product, by=staf_dinas)
    product.refresh_from_db()
    assert not product.is_hidden and product.hidden_by is None
    assert Product.objects.public().filter(pk=product.pk).exists()
    actions = list(product.events.order_by("at", "pk").values_list("action", "by", "reason"))
    assert (Action.HIDDEN, staf_dinas.pk, "Foto bukan produk asli.") in actions
    assert (Action.RESTORED, staf_dinas.pk, "") in actions


def test_a_vendor_publishing_a_hidden_product_does_not_make_it_public(vendor, staf_dinas):
    product = published_product(vendor)
    services.product_hide(product=product, by=staf_dinas, reason="Harga tidak wajar.")
    services.product_archive(product=product, by=vendor.user)
    services.product_publish(product=product, by=vendor.user)
    assert not Product.objects.public().filter(pk=product.pk).exists()


def test_the_database_refuses_hiding_without_a_reason(vendor):
    product = create(vendor)
    with pytest.raises(IntegrityError):
        Product.objects.filter(pk=product.pk).update(hidden_at="2026-01-01T00:00Z")


def test_a_staff_slug_change_keeps_the_old_address_working(vendor, staf_dinas):
    product = published_product(vendor)
    services.product_change_slug(product=product, slug="guci-plered-daun", by=staf_dinas)
    assert services.product_for_slug("guci-plered-daun") == (product, False)
    assert services.product_for_slug("guci-keramik-motif-daun") == (product, True)
    # Taking the old address back makes it current again.
    services.product_change_slug(product=product, slug="guci-keramik-motif-daun", by=staf_dinas)
    assert services.product_for_slug("guci-keramik-motif-daun") == (product, False)
    assert services.product_for_slug("guci-plered-daun") == (product, True)
    assert product.events.filter(action=Action.SLUG_CHANGED).count() == 2


def test_a_slug_change_refuses_another_products_address(vendor, staf_dinas):
    product = published_product(vendor)
    other = create(vendor, name="Vas Meja")
    for taken in ("vas-meja", "Bukan Slug", ""):
        with pytest.raises(ValidationError):
            services.product_change_slug(product=product, slug=taken, by=staf_dinas)
    services.product_change_slug(product=other, slug="vas-meja-biru", by=staf_dinas)
    with pytest.raises(ValidationError):
        services.product_change_slug(product=product, slug="vas-meja", by=staf_dinas)


def test_product_for_slug_finds_only_public_products(vendor, draft):
    with pytest.raises(Product.DoesNotExist):
        services.product_for_slug(draft.slug)
    with pytest.raises(Product.DoesNotExist):
        services.product_for_slug("tidak-ada")


def test_a_product_that_was_stocked_is_never_deleted(vendor):
    product = published_product(vendor)
    stock_receive(outlet=OutletFactory(), product=product, quantity=3, by=vendor.user)
    assert not services.product_is_deletable(product)
    with pytest.raises(services.ProductError):
        services.product_delete(product=product, by=vendor.user)
    assert Product.objects.filter(pk=product.pk).exists()


def test_a_product_that_was_ordered_is_never_deleted(vendor):
    from orders.models import Order, OrderLine

    product = ProductFactory(vendor=vendor)
    order = Order.objects.create(
        number="GM-261128-AB2C",
        name="Siti",
        phone="+6281234567890",
        outlet=OutletFactory(),
        total=150_000,
        idempotency_key="uji-1",
    )
    OrderLine.objects.create(
        order=order,
        product=product,
        vendor=vendor,
        product_name=product.name,
        vendor_name=vendor.business_name,
        unit_price=150_000,
        quantity=1,
        line_total=150_000,
    )
    with pytest.raises(services.ProductError):
        services.product_delete(product=product, by=vendor.user)
    assert Product.objects.filter(pk=product.pk).exists()
