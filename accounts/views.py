from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from . import services
from .forms import SignupForm


class SignupView(FormView):
    """A new account, answered alike whether or not the address already has one.

    Nobody is logged in here: a new account logs in with its password (or follows the emailed
    link first), and the owner of a taken address is emailed instead, so the page, its cookies
    and its redirect never tell an address that has an account from one that has none.
    """

    template_name = "accounts/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        services.user_sign_up(
            email=email,
            full_name=form.cleaned_data["full_name"],
            phone=form.cleaned_data["phone"],
            password=form.cleaned_data["password1"],
        )
        messages.success(
            self.request,
            _(
                "Thank you! We sent an email to %(email)s. Open the link in it to confirm your "
                "address, then log in with your password."
            )
            % {"email": email},
        )
        return super().form_valid(form)


def verify_email(request, token):
    try:
        user = services.user_verify_email(token=token)
    except services.VerificationError as exc:
        return render(request, "accounts/verify_email_failed.html", {"error": str(exc)}, status=400)
    messages.success(
        request, _("Thank you, your email address %(email)s is confirmed.") % {"email": user.email}
    )
    return redirect("accounts:home" if request.user.is_authenticated else "accounts:login")


@login_required
@require_POST
def resend_verification(request):
    if not request.user.email_verified:
        services.email_verification_send(user=request.user)
        messages.info(
            request,
            _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email},
        )
    return redirect("accounts:home")


@login_required
def account_home(request):
    return render(request, "accounts/account_home.html")
