"""Vendor review for district staff (the "Staf Dinas" group).

Staff never set a status by hand: the status fields are read-only and every decision goes through
an action that calls ``vendors.services``. Corrections staff make to a profile are logged like
the owner's own edits.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Subquery
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..forms import ReasonForm, VendorAdminForm
from ..models import Vendor, VendorProfileChange
from ..validators import normalise_whatsapp
from .decisions import DECISIONS, decisions_for
from .inlines import (
    VendorImageInline,
    VendorLinkInline,
    VendorProfileChangeInline,
    VendorStatusChangeInline,
)
from .permits import VendorPermitInline


class OncePerRequestRelatedFilter(admin.RelatedFieldListFilter):
    """A related filter that reads its choices once per request.

    With facets on, the changelist builds every filter again for each facet count; without this
    the kecamatan and category choices would be read five times each.
    """

    def field_choices(self, field, request, model_admin):
        cache = request.__dict__.setdefault("_vendor_filter_choices", {})
        if field.name not in cache:
            cache[field.name] = super().field_choices(field, request, model_admin)
        return cache[field.name]


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    form = VendorAdminForm
    list_display = [
        "business_name",
        "owner_name",
        "kecamatan",
        "category_list",
        "status",
        "submitted_at",
        "key_change_at",
    ]
    list_filter = [
        "status",
        ("kecamatan", OncePerRequestRelatedFilter),
        ("categories", OncePerRequestRelatedFilter),
        "needs_licensing_help",
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["business_name", "owner_name", "whatsapp", "nib", "user__email"]
    search_help_text = gettext_lazy("Business, owner, email, WhatsApp number (08… works) or NIB")
    list_per_page = 100
    ordering = [F("submitted_at").desc(nulls_last=True), "business_name"]
    actions = ["approve_selected", "reject_selected", "suspend_selected", "reinstate_selected"]
    filter_horizontal = ["categories"]
    change_form_template = "vendors/admin/vendor_change_form.html"
    inlines = [
        VendorStatusChangeInline,
        VendorProfileChangeInline,
        VendorImageInline,
        VendorLinkInline,
        VendorPermitInline,
    ]
    readonly_fields = [
        "account",
        "slug",
        "status",
        "status_reason",
        "submitted_at",
        "approved_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            gettext_lazy("Review"),
            {"fields": ["status", "status_reason", "submitted_at", "approved_at"]},
        ),
        (
            gettext_lazy("Business"),
            {
                "fields": [
                    "business_name",
                    "slug",
                    "owner_name",
                    "account",
                    "categories",
                    "story",
                    "story_en",
                    "founded_year",
                ]
            },
        ),
        (
            gettext_lazy("Place and contact"),
            {
                "fields": [
                    "kecamatan",
                    "desa",
                    "address",
                    "whatsapp",
                    "show_whatsapp",
                    "language",
                ]
            },
        ),
        (
            gettext_lazy("Licences"),
            {"fields": ["nib", "pirt_number", "halal_number", "needs_licensing_help"]},
        ),
        (gettext_lazy("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        last_key_change = (
            VendorProfileChange.objects.filter(vendor=OuterRef("pk"), is_key_change=True)
            .order_by("-at")
            .values("at")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .select_related("user", "kecamatan")
            .prefetch_related("categories")
            .annotate(last_key_change_at=Subquery(last_key_change))
        )

    def get_search_results(self, request, queryset, search_term):
        base = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        try:
            queryset |= base.filter(whatsapp=normalise_whatsapp(term))
        except ValidationError:
            digits = re.sub(r"[\s\-.]", "", term)
            if len(digits) >= 4 and digits.isascii() and digits.isdigit():
                queryset |= base.filter(whatsapp__contains=digits.lstrip("0"))
        return queryset, may_have_duplicates

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/<slug:decision>/",
            self.admin_site.admin_view(require_POST(self.decision_view)),
            name="vendors_vendor_decide",
        )
        return [decide, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        vendor = self.get_object(request, object_id)
        if vendor is not None:
            extra_context = {
                **(extra_context or {}),
                "decisions": decisions_for(request.user, vendor),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def decision_view(self, request, object_id, decision):
        """One vendor's approve, reject, suspend or reinstate, from its own page.

        The same services as the list's actions; reject and suspend first ask for the reason on
        the same page the actions use.
        """
        step = DECISIONS.get(decision)
        vendor = self.get_object(request, object_id)
        if step is None or vendor is None:
            raise Http404
        if not services.can_review(request.user):
            raise PermissionDenied
        change_url = reverse("admin:vendors_vendor_change", args=[vendor.pk])
        kwargs = {}
        if step.needs_reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                context = {
                    **self.admin_site.each_context(request),
                    "title": step.title,
                    "opts": self.model._meta,
                    "objects": [vendor],
                    "form": form,
                    "cancel_url": change_url,
                }
                return TemplateResponse(request, "vendors/admin/action_reason.html", context)
            kwargs["reason"] = form.cleaned_data["reason"]
        try:
            step.service(vendor=vendor, by=request.user, **kwargs)
        except services.VendorError as exc:
            self.message_user(request, f"{vendor}: {exc}", messages.WARNING)
        else:
            self.message_user(request, step.done % {"vendor": vendor}, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def has_add_permission(self, request):
        # Businesses register themselves, with their own account.
        return False

    def has_review_permission(self, request):
        return services.can_review(request.user)

    @admin.display(description=gettext_lazy("account"))
    def account(self, obj):
        verified = _("confirmed") if obj.user.email_verified else _("not confirmed yet")
        return f"{obj.user.email} ({verified})"

    @admin.display(description=gettext_lazy("craft categories"))
    def category_list(self, obj):
        return ", ".join(category.name for category in obj.categories.all()) or "—"

    @admin.display(description=gettext_lazy("name or NIB changed"), ordering="last_key_change_at")
    def key_change_at(self, obj):
        return obj.last_key_change_at

    def has_delete_permission(self, request, obj=None):
        # A business that ever sold stays on record: suspend it instead.
        if obj is not None and not services.vendor_is_deletable(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.vendor_delete(vendor=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for vendor in queryset:
            services.vendor_delete(vendor=vendor, by=request.user)

    def save_model(self, request, obj, form, change):
        services.vendor_update_profile(
            vendor=obj,
            by=request.user,
            data={
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in services.EDITABLE_FIELDS
            },
            categories=form.cleaned_data["categories"]
            if "categories" in form.changed_data
            else None,
        )

    def save_related(self, request, form, formsets, change):
        # The categories went through the service in save_model; the inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # Actions: each vendor is decided on its own, so one refusal does not stop the others.

    def _decide(self, request, queryset, decide, done_message, **kwargs):
        done, refused = 0, []
        for vendor in queryset.select_related("user"):
            try:
                decide(vendor=vendor, by=request.user, **kwargs)
            except services.VendorError as exc:
                refused.append(f"{vendor}: {exc}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def _decide_with_reason(self, request, queryset, decide, done_message, *, action, title):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._decide(
                request, queryset, decide, done_message, reason=form.cleaned_data["reason"]
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "objects": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "vendors/admin/action_reason.html", context)

    @admin.action(description=gettext_lazy("Approve selected vendors"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.vendor_approve,
            lambda n: ngettext("%(n)d vendor approved.", "%(n)d vendors approved.", n) % {"n": n},
        )

    @admin.action(description=gettext_lazy("Reject selected vendors…"), permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            services.vendor_reject,
            lambda n: ngettext("%(n)d vendor rejected.", "%(n)d vendors rejected.", n) % {"n": n},
            action="reject_selected",
            title=_("Reject these registrations"),
        )

    @admin.action(description=gettext_lazy("Suspend selected vendors…"), permissions=["review"])
    def suspend_selected(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            services.vendor_suspend,
            lambda n: ngettext("%(n)d vendor suspended.", "%(n)d vendors suspended.", n) % {"n": n},
            action="suspend_selected",
            title=_("Suspend these vendors"),
        )

    @admin.action(description=gettext_lazy("Reinstate selected vendors"), permissions=["review"])
    def reinstate_selected(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.vendor_reinstate,
            lambda n: (
                ngettext("%(n)d vendor reinstated.", "%(n)d vendors reinstated.", n) % {"n": n}
            ),
        )
