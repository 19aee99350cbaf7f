from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from . import services
from .forms import SignupForm


class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        user = services.user_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            phone=form.cleaned_data["phone"],
            password=form.cleaned_data["password1"],
        )
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Welcome! We sent a link to %(email)s to confirm your address.")
            % {"email": user.email},
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
