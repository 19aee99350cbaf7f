"""Admin pieces the apps share, and the list of outgoing emails."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutgoingEmail
from .outbox import email_resend
from .templatetags.rupiah import format_rupiah


class ReadOnlyInline(admin.TabularInline):
    """History, sign-ups and order lines on their parent's page: written only by the services."""

    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordedPayoutAdmin(admin.ModelAdmin):
    """Payouts (to vendors, to affiliates) are recorded, never changed nor deleted: a correction is
    a new payout. Recording one takes ``record_permission``."""

    record_permission = ""

    def has_add_permission(self, request):
        return request.user.has_perm(self.record_permission)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("paid_on", timezone.localdate())
        return initial

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return format_rupiah(obj.amount)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services: nobody adds, changes or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """What the site sent or failed to send: "I never got the email" is answered here."""

    list_display = ["subject", "recipients", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to"]
    fields = [
        "recipients",
        "subject",
        "shown_body",
        "kind",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("to"))
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.display(description=_("body"))
    def shown_body(self, email):
        if email.sensitive:
            return _("Not shown: it holds a personal link.")
        return email.body

    def has_resend_permission(self, request):
        return request.user.has_perm("core.resend_outgoingemail")

    @admin.action(description=_("Send the chosen failed emails again"), permissions=["resend"])
    def send_again(self, request, queryset):
        sent = 0
        for email in queryset.filter(status=OutgoingEmail.Status.FAILED):
            if email_resend(email=email):
                self.log_change(request, email, "Queued to be sent again")
                sent += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.",
                "%(count)d emails will be sent again.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS if sent else messages.WARNING,
        )
