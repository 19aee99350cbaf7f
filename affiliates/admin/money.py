"""What affiliates earn and are paid, for the staff who pay them: referred orders, earnings
(reversed here when goods come back), payouts and the rates per category."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, RecordedPayoutAdmin
from core.templatetags.rupiah import format_rupiah

from .. import services
from ..forms import AffiliatePayoutForm, ReversalForm
from ..models import (
    AffiliateCategoryRate,
    AffiliateClick,
    AffiliateEarning,
    AffiliatePayout,
    AffiliateReferral,
)


@admin.register(AffiliateReferral)
class AffiliateReferralAdmin(ReadOnlyAdmin):
    list_display = ["order", "affiliate", "order_status", "clicked_at", "created_at"]
    list_filter = ["order__status"]
    search_fields = ["order__number", "affiliate__code"]
    list_select_related = ["order", "affiliate__user"]
    date_hierarchy = "created_at"

    @admin.display(description=_("status"), ordering="order__status")
    def order_status(self, obj):
        return obj.order.get_status_display()


@admin.register(AffiliateClick)
class AffiliateClickAdmin(ReadOnlyAdmin):
    list_display = ["at", "affiliate", "counted", "target"]
    list_filter = ["counted"]
    search_fields = ["affiliate__code"]
    list_select_related = ["affiliate__user"]
    fields = ["at", "affiliate", "counted", "target"]
    date_hierarchy = "at"


@admin.register(AffiliateEarning)
class AffiliateEarningAdmin(ReadOnlyAdmin):
    """Earnings are written when an order is collected; a return reverses one, with a reason.

    Reversing touches only the affiliate's commission: putting the goods back on the shelf and
    the vendor's statement are not part of it.
    """

    list_display = ["order", "affiliate", "amount_display", "rate", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["order__number", "affiliate__code"]
    list_select_related = ["order", "affiliate__user"]
    date_hierarchy = "created_at"
    actions = ["reverse_selected"]
    fields = [
        "order",
        "affiliate",
        "base",
        "rate",
        "amount",
        "status",
        "created_at",
        "reversed_at",
        "reversed_by",
        "reason",
    ]
    readonly_fields = fields

    @admin.display(description=_("commission"), ordering="amount")
    def amount_display(self, obj):
        return format_rupiah(obj.amount)

    def has_reverse_permission(self, request):
        return request.user.has_perm("affiliates.reverse_affiliateearning")

    @admin.action(description=_("Reverse: goods returned…"), permissions=["reverse"])
    def reverse_selected(self, request, queryset):
        form = ReversalForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Reverse these earnings: goods returned"),
                "opts": self.model._meta,
                "objects": queryset,
                "form": form,
                "action": "reverse_selected",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "affiliates/admin/earning_reverse.html", context)
        done = 0
        for earning in queryset:
            try:
                services.earning_reverse(
                    earning=earning, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.AffiliateError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request, _("Earnings reversed: %(n)s.") % {"n": done}, messages.SUCCESS
            )
        return None


@admin.register(AffiliatePayout)
class AffiliatePayoutAdmin(RecordedPayoutAdmin):
    """Payouts are recorded, never changed nor deleted: a correction is a new payout."""

    record_permission = "affiliates.record_affiliatepayout"
    form = AffiliatePayoutForm
    list_display = ["paid_on", "affiliate", "amount_display", "reference", "recorded_by"]
    list_filter = ["paid_on"]
    search_fields = ["affiliate__code", "affiliate__user__email", "reference", "note"]
    list_select_related = ["affiliate__user", "recorded_by"]
    date_hierarchy = "paid_on"

    def get_fields(self, request, obj=None):
        fields = ["affiliate", "amount", "paid_on", "reference", "note"]
        return [*fields, "recorded_by", "created_at"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = services.affiliate_payout_record(
            affiliate=obj.affiliate,
            amount=obj.amount,
            paid_on=obj.paid_on,
            reference=obj.reference,
            note=obj.note,
            by=request.user,
        )
        obj.pk, obj.recorded_by, obj.created_at = saved.pk, saved.recorded_by, saved.created_at


@admin.register(AffiliateCategoryRate)
class AffiliateCategoryRateAdmin(admin.ModelAdmin):
    list_display = ["category", "percent"]
    list_select_related = ["category"]
