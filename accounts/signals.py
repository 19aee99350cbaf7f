"""Audit lines for authentication events. Logging only: no state changes here."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.audit import audit, mask_email


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    # The typed address is masked; the password is never in `credentials` (Django cleanses it).
    audit("login_failed", request=request, username=mask_email(credentials.get("username", "")))


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit("login", request=request, user=user)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    audit("logout", request=request, user=user)
