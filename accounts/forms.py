from django import forms
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.outbox import email_enqueue

from .models import User


class AdminUserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class SignupForm(auth_forms.BaseUserCreationForm):
    """A shopper's account: email, name, phone and a password checked by Django's validators."""

    class Meta:
        model = User
        fields = ["email", "full_name", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def clean_email(self):
        # Whether the address is taken is never said here: the service emails its owner.
        return User.objects.normalize_email(self.cleaned_data["email"]).strip()

    def _get_validation_exclusions(self):
        # The model's unique email (a field and a constraint) would tell who has an account:
        # the service decides instead.
        return {*super()._get_validation_exclusions(), "email"}


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the email queued for the worker instead of sent in the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        email_enqueue(
            to=to_email, subject=subject, body=body, kind="password_reset", sensitive=True
        )
