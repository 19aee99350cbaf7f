"""Account rules: sign-up and email verification."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User

VERIFICATION_SALT = "accounts.email-verification"
VERIFICATION_MAX_AGE = 60 * 60 * 24 * 3


class VerificationError(Exception):
    pass


def email_verification_token(user: User) -> str:
    # The email is part of the token so that a link stops working once the address changes.
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=VERIFICATION_SALT)


def email_verification_url(user: User) -> str:
    path = reverse("accounts:verify-email", kwargs={"token": email_verification_token(user)})
    return settings.SITE_URL + path


def email_verification_send(*, user: User) -> None:
    context = {"user": user, "url": email_verification_url(user), "site_url": settings.SITE_URL}
    send_mail(
        subject=_("Confirm your email address for Galeri Menong"),
        message=render_to_string("accounts/email/verify_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def user_verify_email(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationError(_("This link has expired. Ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise VerificationError(_("This link is not valid.")) from exc
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=data.get("user"), email__iexact=data.get("email", ""))
            .first()
        )
        if user is None:
            raise VerificationError(_("This link is not valid."))
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            # Orders placed as a guest with this address are the account's now that it is proven.
            from orders.services import guest_orders_attach

            guest_orders_attach(user=user)
    return user


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, phone: str, password: str) -> User:
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, phone=phone
    )
    transaction.on_commit(lambda: email_verification_send(user=user))
    return user
