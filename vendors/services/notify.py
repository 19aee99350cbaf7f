"""Emails to vendors: rendered in the vendor's language, queued with the change that causes them."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.outbox import email_enqueue


def site_url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def email_vendor(
    vendor, *, subject, template: str, kind: str, sensitive: bool = False, **context
) -> None:
    """Render ``template`` and ``subject`` (lazy) in the vendor's language; queue the email."""
    with translation.override(vendor.language):
        context = {
            "vendor": vendor,
            "dashboard_url": site_url("dashboard-vendors:home"),
            "site_url": settings.SITE_URL,
            **{key: value() if callable(value) else value for key, value in context.items()},
        }
        subject = str(subject)
        body = render_to_string(template, context)
    email_enqueue(to=vendor.user.email, subject=subject, body=body, kind=kind, sensitive=sensitive)
