"""CSV and Excel exports of the admin's lists for district reports: which models, which columns.

Only the models listed in ``EXPORTS`` can be exported; anything else is a 404. The export of a
list applies that list's own filters and search (see ``backoffice.admin.ReportAdmin``), and the
staff member needs the model's view permission. Orders and counter receipts are exported one row
per line, returns one row per returned item, so the file sums to units and Rupiah per product,
vendor or outlet without further work; each sales file has a channel column (online, counter,
return), so files of both channels can be put together.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counter.models import SaleLine, SaleReturnLine
from gallery.models import StockLevel
from orders.models import OrderLine

from .channels import Channel
from .csvfiles import Rupiah


@dataclass(frozen=True)
class Export:
    slug: str
    columns: list[tuple[Any, Any]]
    select_related: tuple = ()
    prefetch_related: tuple = ()
    # The rows of the list's records: an order's or a receipt's lines, a return's items.
    lines: Callable | None = None
    annotate: dict = field(default_factory=dict)

    @property
    def header(self):
        return [title for title, _value in self.columns]

    def filename(self, extension="csv"):
        return f"{self.slug}-{timezone.localdate():%Y%m%d}.{extension}"

    def objects(self, queryset):
        """The rows to write for the list's (filtered) queryset."""
        if self.lines is not None:
            queryset = self.lines(queryset)
        if self.annotate:
            queryset = queryset.annotate(**self.annotate)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset.iterator(chunk_size=1000)

    def rows(self, queryset):
        for obj in self.objects(queryset):
            yield [value(obj) for _title, value in self.columns]


def _site_url(path):
    return f"{settings.SITE_URL}{path}"


def _category(product):
    category = product.category
    if category.parent_id:
        return f"{category.parent.name_id} › {category.name_id}"
    return category.name_id


_on_hand = Coalesce(
    Subquery(
        StockLevel.objects.filter(product=OuterRef("pk"))
        .values("product")
        .annotate(total=Sum("on_hand"))
        .values("total")
    ),
    0,
)

VENDORS = Export(
    slug="umkm",
    select_related=("kecamatan", "user"),
    prefetch_related=("categories",),
    columns=[
        (_("id"), lambda v: v.pk),
        (_("business name"), lambda v: v.business_name),
        (_("owner's name"), lambda v: v.owner_name),
        (_("status"), lambda v: v.get_status_display()),
        (_("kecamatan"), lambda v: v.kecamatan.name),
        (_("desa / kelurahan"), lambda v: v.desa),
        (_("street address"), lambda v: v.address),
        (_("WhatsApp number"), lambda v: v.whatsapp),
        (_("email"), lambda v: v.user.email),
        (_("craft categories"), lambda v: ", ".join(c.name_id for c in v.categories.all())),
        (_("year founded"), lambda v: v.founded_year),
        (_("NIB"), lambda v: v.nib),
        (_("P-IRT number"), lambda v: v.pirt_number),
        (_("halal certificate number"), lambda v: v.halal_number),
        (_("needs help with licensing"), lambda v: v.needs_licensing_help),
        (_("registered at"), lambda v: v.created_at),
        (_("submitted at"), lambda v: v.submitted_at),
        (_("approved at"), lambda v: v.approved_at),
    ],
)

PRODUCTS = Export(
    slug="produk",
    select_related=("vendor", "category__parent"),
    annotate={"export_on_hand": _on_hand},
    columns=[
        (_("id"), lambda p: p.pk),
        (_("name"), lambda p: p.name),
        (_("vendor"), lambda p: p.vendor.business_name),
        (_("category"), _category),
        (_("price (Rupiah)"), lambda p: Rupiah(p.price)),
        (_("status"), lambda p: p.get_status_display()),
        (_("hidden by staff"), lambda p: p.hidden_at is not None),
        (_("reason for hiding"), lambda p: p.hidden_reason),
        (_("weight (grams)"), lambda p: p.weight_grams),
        (_("made to order"), lambda p: p.made_to_order),
        (_("lead time (days)"), lambda p: p.lead_time_days),
        (_("units on hand at the outlets"), lambda p: p.export_on_hand),
        (_("created at"), lambda p: p.created_at),
        (_("last published at"), lambda p: p.published_at),
        (_("address (URL)"), lambda p: _site_url(p.get_absolute_url())),
    ],
)


def _order_lines(orders):
    return OrderLine.objects.filter(order__in=orders.values("pk")).order_by(
        "order__placed_at", "order_id", "pk"
    )


def _receipt_lines(sales):
    return SaleLine.objects.filter(sale__in=sales.values("pk")).order_by(
        "sale__sold_at", "sale_id", "pk"
    )


def _returned_items(returns):
    return SaleReturnLine.objects.filter(sale_return__in=returns.values("pk")).order_by(
        "sale_return__at", "sale_return_id", "pk"
    )


def _payment_methods(sale):
    return ", ".join(str(payment.get_method_display()) for payment in sale.payments.all())


ORDER_LINES = Export(
    slug="pesanan",
    lines=_order_lines,
    select_related=("order__outlet",),
    columns=[
        (_("order number"), lambda line: line.order.number),
        (_("placed at"), lambda line: line.order.placed_at),
        (_("status"), lambda line: line.order.get_status_display()),
        (_("payment status"), lambda line: line.order.get_payment_status_display()),
        (_("payment method"), lambda line: line.order.get_payment_method_display()),
        (_("paid at"), lambda line: line.order.paid_at),
        (_("collected, cancelled or expired at"), lambda line: line.order.closed_at),
        (_("pickup outlet"), lambda line: line.order.outlet.name),
        (_("vendor"), lambda line: line.vendor_name),
        (_("product"), lambda line: line.product_name),
        (_("unit price (Rupiah)"), lambda line: Rupiah(line.unit_price)),
        (_("quantity"), lambda line: line.quantity),
        (_("line total (Rupiah)"), lambda line: Rupiah(line.line_total)),
        (_("channel"), lambda line: Channel.ONLINE.label),
    ],
)

# Counter sales, voided receipts included (with their status), as the receipts list shows them.
COUNTER_SALE_LINES = Export(
    slug="penjualan-kasir",
    lines=_receipt_lines,
    select_related=("sale__outlet", "sale__by"),
    prefetch_related=("sale__payments",),
    columns=[
        (_("receipt number"), lambda line: line.sale.number),
        (_("outlet"), lambda line: line.sale.outlet.name),
        (_("sold at"), lambda line: line.sale.sold_at),
        (_("cashier"), lambda line: line.sale.by.full_name or line.sale.by.email),
        (_("vendor"), lambda line: line.vendor_name),
        (_("product"), lambda line: line.product_name),
        (_("category"), lambda line: line.category_name),
        (_("unit price (Rupiah)"), lambda line: Rupiah(line.unit_price)),
        (_("quantity"), lambda line: line.quantity),
        (_("discount (Rupiah)"), lambda line: Rupiah(line.discount)),
        (_("reason for the discount"), lambda line: line.discount_reason),
        (_("line total (Rupiah)"), lambda line: Rupiah(line.line_total)),
        (_("status"), lambda line: line.sale.get_status_display()),
        (_("payment methods"), lambda line: _payment_methods(line.sale)),
        (_("channel"), lambda line: Channel.COUNTER.label),
    ],
)

# Goods returned against receipts: quantity and refund as they reverse the sale (negative).
SALE_RETURN_LINES = Export(
    slug="retur-kasir",
    lines=_returned_items,
    select_related=("sale_return__sale__outlet", "sale_return__by", "sale_line"),
    columns=[
        (_("return number"), lambda item: item.sale_return.reference),
        (_("receipt number"), lambda item: item.sale_return.sale.number),
        (_("outlet"), lambda item: item.sale_return.sale.outlet.name),
        (_("returned at"), lambda item: item.sale_return.at),
        (_("by"), lambda item: item.sale_return.by.full_name or item.sale_return.by.email),
        (_("vendor"), lambda item: item.sale_line.vendor_name),
        (_("product"), lambda item: item.sale_line.product_name),
        (_("category"), lambda item: item.sale_line.category_name),
        (_("unit price (Rupiah)"), lambda item: Rupiah(item.sale_line.unit_price)),
        (_("quantity"), lambda item: -item.quantity),
        (_("refund (Rupiah)"), lambda item: Rupiah(-item.amount)),
        (_("back on the shelf"), lambda item: item.back_to_stock),
        (_("refunded by"), lambda item: item.sale_return.get_refund_method_display()),
        (_("reason"), lambda item: item.sale_return.reason),
        (_("channel"), lambda item: Channel.RETURN.label),
    ],
)

STOCK_MOVEMENTS = Export(
    slug="buku-stok",
    select_related=("outlet", "product__vendor", "by"),
    columns=[
        (_("at"), lambda m: m.at),
        (_("outlet"), lambda m: m.outlet.name),
        (_("product"), lambda m: m.product.name),
        (_("vendor"), lambda m: m.product.vendor.business_name),
        (_("kind"), lambda m: m.get_kind_display()),
        (_("change on hand"), lambda m: m.on_hand_change),
        (_("change reserved"), lambda m: m.reserved_change),
        (_("reference"), lambda m: m.reference),
        (_("reason"), lambda m: m.reason),
        (_("by"), lambda m: m.by.email if m.by else ""),
    ],
)

EXPORTS = {
    "vendors.vendor": VENDORS,
    "products.product": PRODUCTS,
    "orders.order": ORDER_LINES,
    "counter.sale": COUNTER_SALE_LINES,
    "counter.salereturn": SALE_RETURN_LINES,
    "gallery.stockmovement": STOCK_MOVEMENTS,
}


def export_for(model) -> Export | None:
    return EXPORTS.get(model._meta.label_lower)
