from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from products.models import Category

from . import account, services
from .forms import AffiliateSignupForm, ShareLinkForm
from .models import Affiliate
from .services.links import TARGET_PARAMETER


def _affiliate_of(user) -> Affiliate | None:
    return Affiliate.objects.filter(user=user).first()


@login_required
def affiliate_signup(request):
    affiliate = _affiliate_of(request.user)
    if affiliate is not None and affiliate.status != Affiliate.Status.REJECTED:
        return redirect("affiliates:home")
    form = AffiliateSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliate_apply(
                user=request.user,
                whatsapp=form.cleaned_data["whatsapp"],
                bank_name=form.cleaned_data["bank_name"],
                account_number=form.cleaned_data["account_number"],
                account_holder=form.cleaned_data["account_holder"],
            )
        except services.AffiliateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Thank you! We review your application and tell you on WhatsApp.")
            )
        return redirect("affiliates:home")
    return render(
        request,
        "affiliates/affiliate_signup.html",
        {"form": form, "affiliate": affiliate, "window_days": settings.AFFILIATE_WINDOW_DAYS},
    )


def share_link(code: str, target: str) -> str:
    with override(settings.LANGUAGE_CODE):
        path = reverse("affiliates:follow", kwargs={"code": code})
    return f"{settings.SITE_URL.rstrip('/')}{path}?{TARGET_PARAMETER}={quote(target, safe='/')}"


def _picks() -> list[tuple[str, str]]:
    picks = [(_("Home page"), "/"), (_("All products"), reverse("products:catalogue"))]
    picks += [
        (category.name, category.get_absolute_url())
        for category in Category.objects.filter(parent__isnull=True)
    ]
    return picks


@login_required
def affiliate_home(request):
    affiliate = _affiliate_of(request.user)
    if affiliate is None:
        return redirect("affiliates:signup")
    if not affiliate.is_approved:
        return render(request, "affiliates/affiliate_status.html", {"affiliate": affiliate})
    link, form = None, ShareLinkForm(request.GET if "alamat" in request.GET else None)
    if form.is_bound and form.is_valid():
        hosts = {request.get_host().rsplit(":", 1)[0], urlsplit(settings.SITE_URL).hostname}
        target = services.share_target(form.cleaned_data["alamat"], hosts=hosts)
        if target is None:
            form.add_error("alamat", _("Paste the address of a page of this site."))
        else:
            link = share_link(affiliate.code, target)
    return render(
        request,
        "affiliates/affiliate_home.html",
        {
            "affiliate": affiliate,
            "form": form,
            "link": link,
            "picks": [(label, share_link(affiliate.code, path)) for label, path in _picks()],
            "clicks": account.clicks(affiliate),
            "orders": account.referred_orders(affiliate),
            "months": account.months(affiliate),
            "balance": account.balance(affiliate),
            "payouts": affiliate.payouts.all()[:24],
            "window_days": settings.AFFILIATE_WINDOW_DAYS,
        },
    )


@require_GET
@never_cache
def follow_link(request, code):
    """A share link: record the click, remember it in a cookie, go on to the clean page."""
    click, target = services.follow(request, code)
    response = HttpResponseRedirect(target)
    if click is not None and click.counted:
        services.visit_cookie_set(response, click)
    return response
