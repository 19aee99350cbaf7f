"""Emails to vendors: rendered in the vendor's language, sent once the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def site_url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def email_vendor(vendor, *, subject, template: str, **context) -> None:
    """Render ``template`` and ``subject`` (lazy) in the vendor's language; send after commit."""
    with translation.override(vendor.language):
        context = {
            "vendor": vendor,
            "dashboard_url": site_url("dashboard-vendors:home"),
            "site_url": settings.SITE_URL,
            **{key: value() if callable(value) else value for key, value in context.items()},
        }
        subject = str(subject)
        body = render_to_string(template, context)
    recipient = vendor.user.email
    transaction.on_commit(
        lambda: send_mail(
            subject=subject, message=body, from_email=None, recipient_list=[recipient]
        )
    )
