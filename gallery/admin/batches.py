"""Food batches in the admin: read-only rows, and the two ways expiring food leaves the shelf.

Writing an expired batch off records a loss with the reason "kedaluwarsa"; returning a batch
hands it back to its vendor. Both move only the batch's free units through the ledger: units
reserved for an online order stay until the order is collected or released.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin import ReadOnlyAdmin
from core.audit import audit

from .. import services
from ..expiry import BatchState, in_state, state_of
from ..models import Batch, today_in_jakarta
from .flows import RECORD_PERMISSION

# Kept in the ledger as written, the words staff use on the shelf.
EXPIRED_REASON = "kedaluwarsa"
NEAR_EXPIRY_REASON = "hampir kedaluwarsa"


class BatchStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return BatchState.choices

    def queryset(self, request, queryset):
        if self.value() in BatchState.values:
            return in_state(queryset, self.value())
        return queryset


class ShelfFilter(admin.SimpleListFilter):
    title = gettext_lazy("on the shelf")
    parameter_name = "shelf"

    def lookups(self, request, model_admin):
        return [("yes", _("With units")), ("no", _("Empty"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_units()
        if self.value() == "no":
            return queryset.filter(on_hand=0)
        return queryset


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "product",
        "vendor",
        "outlet",
        "produced_on",
        "expires_on",
        "on_hand",
        "reserved",
        "state",
        "ledger",
    ]
    list_display_links = ["code"]
    list_filter = [
        BatchStateFilter,
        ShelfFilter,
        "outlet",
        ("product__vendor", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["outlet", "product__vendor"]
    search_fields = ["code", "product__name"]
    ordering = ["expires_on", "outlet__position", "product__name", "pk"]
    actions = ["write_off_expired", "return_to_vendor"]
    list_per_page = 100

    def has_record_stock_movement_permission(self, request):
        return request.user.has_perm(RECORD_PERMISSION)

    @admin.display(description=gettext_lazy("vendor"), ordering="product__vendor__business_name")
    def vendor(self, batch):
        return batch.product.vendor

    @admin.display(description=gettext_lazy("state"))
    def state(self, batch):
        state = state_of(batch)
        if state == BatchState.EXPIRED:
            return format_html('<span class="gallery-batch-expired">{}</span>', state.label)
        return state.label

    @admin.display(description="")
    def ledger(self, batch):
        url = reverse("admin:gallery_stockmovement_changelist")
        return format_html(
            '<a href="{}?{}">{}</a>', url, urlencode({"batch__id__exact": batch.pk}), _("ledger")
        )

    @admin.action(
        description=gettext_lazy("Write off (expired)"), permissions=["record_stock_movement"]
    )
    def write_off_expired(self, request, queryset):
        today = today_in_jakarta()
        for batch in queryset.select_related("outlet", "product"):
            if not batch.is_expired(today):
                self.message_user(
                    request,
                    _("%(batch)s of %(product)s has not expired: record a loss for it instead.")
                    % {"batch": batch.code, "product": batch.product},
                    messages.WARNING,
                )
                continue
            self._move(
                request, batch, services.stock_record_loss, EXPIRED_REASON, "batch_write_off"
            )

    @admin.action(
        description=gettext_lazy("Return to vendor"), permissions=["record_stock_movement"]
    )
    def return_to_vendor(self, request, queryset):
        today = today_in_jakarta()
        for batch in queryset.select_related("outlet", "product"):
            state = state_of(batch, today)
            reason = {
                BatchState.EXPIRED: EXPIRED_REASON,
                BatchState.NEAR_EXPIRY: NEAR_EXPIRY_REASON,
            }
            self._move(
                request,
                batch,
                services.stock_return_to_vendor,
                reason.get(state, ""),
                "batch_return",
            )

    def _move(self, request, batch, service, reason, event):
        """Take the batch's free units off the shelf through ``service``; say what happened."""
        names = {"batch": batch.code, "product": batch.product}
        if batch.available <= 0:
            self.message_user(
                request,
                _(
                    "%(batch)s of %(product)s has no free units: reserved units stay for their orders."
                )
                % names,
                messages.WARNING,
            )
            return
        try:
            movement = service(
                outlet=batch.outlet,
                product=batch.product,
                quantity=batch.available,
                by=request.user,
                reason=reason,
                batch=batch,
            )
        except services.StockError as refused:
            self.message_user(request, f"{batch.code}, {batch.product}: {refused}", messages.ERROR)
            return
        units = -movement.on_hand_change
        audit(event, request=request, batch=batch.pk, outlet=batch.outlet_id, units=units)
        if service is services.stock_record_loss:
            text = ngettext(
                "%(batch)s of %(product)s: %(n)s unit written off.",
                "%(batch)s of %(product)s: %(n)s units written off.",
                units,
            )
        else:
            text = ngettext(
                "%(batch)s of %(product)s: %(n)s unit returned to the vendor.",
                "%(batch)s of %(product)s: %(n)s units returned to the vendor.",
                units,
            )
        self.message_user(request, text % {**names, "n": units}, messages.SUCCESS)
