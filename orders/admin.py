"""Orders in the admin, for outlet staff: find today's pickups, move orders along, tell shoppers.

Nothing is edited by hand here: every change goes through ``orders.services`` (the actions), so
the stock ledger and the status history stay right.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline
from core.formats import format_datetime, format_phone
from core.phones import normalise_mobile
from core.templatetags.rupiah import format_rupiah

from . import notifications, services
from .forms import CollectForm, StaffCancelForm
from .models import Order, OrderLine, OrderStatusChange


class PickupListFilter(admin.SimpleListFilter):
    title = _("pickup")
    parameter_name = "pickup"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today's pickups")),
            ("overdue", _("Past the pickup window")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "today":
            return queryset.todays_pickups()
        if self.value() == "overdue":
            return queryset.due_to_expire()
        return queryset


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["product_name", "vendor_name", "unit_price_display", "quantity", "total_display"]
    readonly_fields = fields

    @admin.display(description=_("Unit price"))
    def unit_price_display(self, line):
        return format_rupiah(line.unit_price)

    @admin.display(description=_("Subtotal"))
    def total_display(self, line):
        return format_rupiah(line.line_total)


class OrderStatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "placed_at",
        "name",
        "outlet",
        "status",
        "payment_status",
        "total_display",
        "pickup_until_display",
        "whatsapp_link",
    ]
    list_filter = [
        PickupListFilter,
        "status",
        "outlet",
        ("placed_at", admin.DateFieldListFilter),
        "payment_status",
    ]
    list_select_related = ["outlet"]
    search_fields = ["number", "name", "email"]
    date_hierarchy = "placed_at"
    actions = ["mark_ready", "mark_collected", "cancel"]
    inlines = [OrderLineInline, OrderStatusChangeInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "status",
                    "outlet",
                    "placed_at",
                    "ready_at",
                    "closed_at",
                    "pickup_until_display",
                ]
            },
        ),
        (
            _("Shopper"),
            {"fields": ["name", "phone_display", "whatsapp_link", "email", "customer", "note"]},
        ),
        (
            _("Payment"),
            {"fields": ["total_display", "payment_status", "payment_method", "paid_at"]},
        ),
    ]
    readonly_fields = [
        "number",
        "status",
        "outlet",
        "placed_at",
        "ready_at",
        "closed_at",
        "pickup_until_display",
        "name",
        "phone_display",
        "whatsapp_link",
        "email",
        "customer",
        "note",
        "total_display",
        "payment_status",
        "payment_method",
        "paid_at",
    ]

    # Orders are placed by shoppers and changed by the actions only; they are never deleted.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request):
        return request.user.has_perm("orders.manage_order")

    def get_queryset(self, request):
        # The WhatsApp message of a cancelled order gives the reason: read them in one query.
        cancellations = OrderStatusChange.objects.filter(to_status=Order.Status.CANCELLED)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("status_changes", cancellations, to_attr="cancellations"))
        )

    def get_search_results(self, request, queryset, search_term):
        filtered = queryset  # the list filters chosen, which a phone number must not widen
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = normalise_mobile(search_term)
        except ValidationError:
            return queryset, may_have_duplicates
        return queryset | filtered.filter(phone=phone), may_have_duplicates

    @admin.display(description=_("total"), ordering="total")
    def total_display(self, order):
        return format_rupiah(order.total)

    @admin.display(description=_("pick up by"))
    def pickup_until_display(self, order):
        if not order.is_open:
            return "–"
        return format_datetime(order.pickup_until)

    @admin.display(description=_("WhatsApp number"))
    def phone_display(self, order):
        return format_phone(order.phone)

    @admin.display(description=_("WhatsApp the shopper"))
    def whatsapp_link(self, order):
        cancellations = getattr(order, "cancellations", [])
        reason = cancellations[-1].reason if cancellations else ""
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            notifications.shopper_whatsapp_url(order, reason),
            gettext("Send on WhatsApp"),
        )

    # Actions.

    def _apply(self, request, queryset, service, success_message, **kwargs):
        done = 0
        for order in queryset.order_by("pk"):
            try:
                service(order=order, by=request.user, **kwargs)
            except services.OrderError as exc:
                self.message_user(request, f"{order.number}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, success_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Mark ready for pickup"), permissions=["manage"])
    def mark_ready(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.order_mark_ready,
            gettext("%(count)s order(s) marked ready. Tell the shoppers with the WhatsApp link."),
        )

    def _intermediate(self, request, queryset, *, form, action, template, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "orders": queryset.select_related("outlet"),
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, template, context)

    @admin.action(description=_("Mark collected and paid…"), permissions=["manage"])
    def mark_collected(self, request, queryset):
        form = CollectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(
                request,
                queryset,
                services.order_collect,
                gettext("%(count)s order(s) collected and paid."),
                payment_method=form.cleaned_data["payment_method"],
            )
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            action="mark_collected",
            template="orders/admin/order_collect.html",
            title=gettext("Collected and paid: how?"),
        )

    @admin.action(description=_("Cancel…"), permissions=["manage"])
    def cancel(self, request, queryset):
        form = StaffCancelForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(
                request,
                queryset,
                services.order_cancel,
                gettext("%(count)s order(s) cancelled; their goods are back on the shelf."),
                reason=form.cleaned_data["reason"],
            )
            return None
        return self._intermediate(
            request,
            queryset,
            form=form,
            action="cancel",
            template="orders/admin/order_cancel.html",
            title=gettext("Cancel orders: why?"),
        )
