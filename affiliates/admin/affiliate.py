"""Affiliate review for district staff: approve, reject or suspend from the list or from an
affiliate's own page, always through ``affiliates.services``; statuses are never set by hand."""

from dataclasses import dataclass
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.admin import ReadOnlyInline

from .. import services
from ..forms import ReasonForm
from ..models import Affiliate, AffiliateStatusChange

Status = Affiliate.Status


@dataclass(frozen=True)
class Decision:
    slug: str
    service: Any
    sources: tuple
    label: Any
    title: Any
    done: Any
    needs_reason: bool = False


DECISIONS = {
    decision.slug: decision
    for decision in (
        Decision(
            "approve",
            services.affiliate_approve,
            (Status.PENDING, Status.SUSPENDED),
            label=_("Approve"),
            title=_("Approve these affiliates"),
            done=_("Affiliates approved: %(n)s."),
        ),
        Decision(
            "reject",
            services.affiliate_reject,
            (Status.PENDING,),
            label=_("Reject…"),
            title=_("Reject these applications"),
            done=_("Applications rejected: %(n)s."),
            needs_reason=True,
        ),
        Decision(
            "suspend",
            services.affiliate_suspend,
            (Status.APPROVED,),
            label=_("Suspend…"),
            title=_("Suspend these affiliates"),
            done=_("Affiliates suspended: %(n)s."),
            needs_reason=True,
        ),
    )
}


class AffiliateStatusChangeInline(ReadOnlyInline):
    model = AffiliateStatusChange
    fields = ["at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields


@admin.register(Affiliate)
class AffiliateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "account_email", "whatsapp", "status", "code", "applied_at"]
    list_filter = ["status"]
    search_fields = ["code", "user__email", "user__full_name", "whatsapp", "account_holder"]
    list_select_related = ["user"]
    actions = ["approve_selected", "reject_selected", "suspend_selected"]
    inlines = [AffiliateStatusChangeInline]
    change_form_template = "affiliates/admin/affiliate_change_form.html"
    fields = [
        "user",
        "status",
        "status_reason",
        "code",
        "whatsapp",
        "bank_name",
        "account_number",
        "account_holder",
        "consented_at",
        "applied_at",
        "approved_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("email"), ordering="user__email")
    def account_email(self, obj):
        return obj.user.email

    def has_add_permission(self, request):
        return False  # shoppers sign up themselves

    def has_delete_permission(self, request, obj=None):
        return False  # referrals and earnings point at it: suspend instead

    def has_review_permission(self, request):
        return services.can_review(request.user)

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/<slug:decision>/",
            self.admin_site.admin_view(require_POST(self.decision_view)),
            name="affiliates_affiliate_decide",
        )
        return [decide, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        affiliate = self.get_object(request, object_id)
        decisions = []
        if affiliate is not None and services.can_review(request.user):
            decisions = [d for d in DECISIONS.values() if affiliate.status in d.sources]
        extra_context = {**(extra_context or {}), "decisions": decisions}
        return super().change_view(request, object_id, form_url, extra_context)

    def _reason_page(self, request, objects, decision, form, **extra):
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title,
            "opts": self.model._meta,
            "objects": objects,
            "form": form,
            **extra,
        }
        return TemplateResponse(request, "affiliates/admin/action_reason.html", context)

    def decision_view(self, request, object_id, decision):
        step = DECISIONS.get(decision)
        affiliate = self.get_object(request, object_id)
        if step is None or affiliate is None:
            raise Http404
        if not services.can_review(request.user):
            raise PermissionDenied
        change_url = reverse("admin:affiliates_affiliate_change", args=[affiliate.pk])
        kwargs = {}
        if step.needs_reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return self._reason_page(request, [affiliate], step, form, cancel_url=change_url)
            kwargs["reason"] = form.cleaned_data["reason"]
        self._decide(request, [affiliate], step, **kwargs)
        return HttpResponseRedirect(change_url)

    def _decide(self, request, affiliates, step, **kwargs):
        done = 0
        for affiliate in affiliates:
            try:
                step.service(affiliate=affiliate, by=request.user, **kwargs)
            except services.AffiliateError as exc:
                self.message_user(request, f"{affiliate}: {exc}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, step.done % {"n": done}, messages.SUCCESS)

    def _decide_selected(self, request, queryset, slug):
        step = DECISIONS[slug]
        if step.needs_reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return self._reason_page(
                    request,
                    queryset,
                    step,
                    form,
                    action=f"{slug}_selected",
                    action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
                )
            self._decide(request, queryset, step, reason=form.cleaned_data["reason"])
            return None
        self._decide(request, queryset, step)
        return None

    @admin.action(description=_("Approve selected affiliates"), permissions=["review"])
    def approve_selected(self, request, queryset):
        return self._decide_selected(request, queryset, "approve")

    @admin.action(description=_("Reject selected applications…"), permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._decide_selected(request, queryset, "reject")

    @admin.action(description=_("Suspend selected affiliates…"), permissions=["review"])
    def suspend_selected(self, request, queryset):
        return self._decide_selected(request, queryset, "suspend")
