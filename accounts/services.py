"""Account rules: sign-up and email verification."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from core.outbox import email_enqueue

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
    email_enqueue(
        to=user.email,
        subject=_("Confirm your email address for Galeri Menong"),
        body=render_to_string("accounts/email/verify_email.txt", context),
        kind="verify_email",
        sensitive=True,
    )


def address_taken_notice(*, user: User, attempt: str, vendor: bool = False) -> None:
    """Tell the owner of an address that someone tried to sign up with it.

    Sign-up forms answer alike whether or not an address is taken, so that nobody learns who
    has an account here; the owner learns it from this email instead.
    """
    context = {
        "user": user,
        "attempt": attempt,
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password-reset"),
        "vendor_url": settings.SITE_URL + reverse("vendors:vendor-register") if vendor else "",
        "site_url": settings.SITE_URL,
    }
    email_enqueue(
        to=user.email,
        subject=_("Someone tried to use your email address on Galeri Menong"),
        body=render_to_string("accounts/email/address_taken.txt", context),
        kind="address_taken",
    )


def existing_account(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def spend_password_hash(password: str) -> None:
    """Hash like a new account would: the answer for a taken address takes as long."""
    make_password(password)


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
def user_sign_up(*, email: str, full_name: str, phone: str, password: str) -> User | None:
    """Create a shopper's account and queue the link that confirms its address.

    For an address that already has an account nothing is created: its owner is emailed, and
    None is returned, which the caller must answer exactly like a new account.
    """
    existing = existing_account(email)
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, full_name=full_name, phone=phone
                )
        except IntegrityError:
            # The same address signed up a moment ago in another request.
            existing = existing_account(email)
        else:
            email_verification_send(user=user)
            return user
    spend_password_hash(password)
    if existing is not None:
        address_taken_notice(user=existing, attempt=_("create an account"))
        audit("signup_address_taken", user=existing)
    return None
