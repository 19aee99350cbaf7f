"""Rate limits on the actions that send a message, create an account or a record, or try a secret.

Each action is counted per client address and per target (the email address, the phone, the order
number or the account it is aimed at), each with its own rate from ``settings.RATE_LIMITS``. The
counts live in the shared cache through django-ratelimit, so every worker and server sees the same
ones; only POSTs count, and a success never resets a count. Over a limit the visitor gets the 429
page with a Retry-After header (``RateLimitMiddleware``).

A target is normalised before it is counted (an email in lower case, a phone in E.164, an order
number in capitals), so typing it another way does not start a fresh count. An IPv6 client is
counted by its /64 network, which a single subscriber usually holds whole.
"""

import ipaddress
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.timesince import timeuntil
from django_ratelimit.core import _split_rate, get_usage
from django_ratelimit.exceptions import Ratelimited

from .audit import audit
from .net import client_ip
from .phones import normalise_mobile

logger = logging.getLogger("galeri.limits")

# When the cache cannot tell the count (fail closed) or a Ratelimited carries no wait.
DEFAULT_RETRY_SECONDS = 60


def client_address(request) -> str:
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def normal_email(value) -> str:
    return str(value or "").strip().lower()[:254]


def normal_phone(value) -> str:
    try:
        return normalise_mobile(str(value or ""))
    except ValidationError:  # not a mobile number: count what was typed, without separators
        return "".join(ch for ch in str(value or "") if ch.isdigit() or ch == "+")[:32]


def normal_order_number(value) -> str:
    return "".join(str(value or "").split()).upper()[:40]


def posted_email(request) -> str:
    return normal_email(request.POST.get("email"))


def own_email(request) -> str:
    return normal_email(request.user.email) if request.user.is_authenticated else ""


def posted_or_own_email(request) -> str:
    """The address typed into the form, or the logged-in account's when the form asks for none."""
    return posted_email(request) or own_email(request)


def login_account(request) -> str:
    # As django-axes counts it (accounts.throttle): the address typed, in lower case.
    return normal_email(request.POST.get(settings.AXES_USERNAME_FORM_FIELD))


def own_account(request) -> str:
    return str(request.user.pk) if request.user.is_authenticated else ""


def looked_up_order(request) -> str:
    return normal_order_number(request.POST.get("number"))


def checkout_contact(field):
    """The phone or email of the order being placed, kept in the session by the first step."""

    def target(request) -> str:
        from orders.views.checkout import CHECKOUT_KEY

        contact = request.session.get(CHECKOUT_KEY) or {}
        value = contact.get(field) if isinstance(contact, dict) else ""
        return normal_phone(value) if field == "phone" and value else normal_email(value)

    return target


@dataclass(frozen=True)
class Limit:
    """One counter: its name (the key of its rate in RATE_LIMITS) and what it counts by."""

    name: str
    target: Callable[..., str]

    @property
    def rate(self) -> str:
        return settings.RATE_LIMITS[self.name]


SIGNUP = (Limit("signup.address", client_address), Limit("signup.email", posted_email))
VENDOR_REGISTRATION = (
    Limit("vendor-register.address", client_address),
    Limit("vendor-register.email", posted_or_own_email),
)
PASSWORD_RESET = (
    Limit("password-reset.address", client_address),
    Limit("password-reset.email", posted_email),
)
# The shopper's and the vendor's "send the link again" share their counts.
VERIFICATION = (
    Limit("verification.address", client_address),
    Limit("verification.email", own_email),
)
# Failed logins only, on either login page: one address spraying one password over many accounts,
# or many addresses guessing at one account. django-axes still locks each (account, address) pair.
LOGIN_FAILURES = (
    Limit("login.address", client_address),
    Limit("login.account", login_account),
)
# Lookups that found no order (orders.views.pages.order_lookup).
LOOKUP_MISSES = (
    Limit("lookup.address", client_address),
    Limit("lookup.order", looked_up_order),
)
CHECKOUT = (
    Limit("checkout.address", client_address),
    Limit("checkout.phone", checkout_contact("phone")),
    Limit("checkout.email", checkout_contact("email")),
)
# Pictures sent from the vendor dashboard (the logo, the vendor's photos, product photos).
UPLOADS = (Limit("upload.address", client_address), Limit("upload.account", own_account))

ALL_LIMITS = (
    *SIGNUP,
    *VENDOR_REGISTRATION,
    *PASSWORD_RESET,
    *VERIFICATION,
    *LOGIN_FAILURES,
    *LOOKUP_MISSES,
    *CHECKOUT,
    *UPLOADS,
)


def check_rates(rates) -> None:
    """A mistyped RATE_LIMITS override stops the site at start, not at the first refusal."""
    known = {limit.name for limit in ALL_LIMITS}
    if unknown := set(rates) - known:
        raise ImproperlyConfigured(f"RATE_LIMITS: unknown limits {sorted(unknown)}")
    if missing := known - set(rates):
        raise ImproperlyConfigured(f"RATE_LIMITS: no rate for {sorted(missing)}")
    for name, rate in rates.items():
        try:
            count, seconds = _split_rate(rate)
        except (AttributeError, KeyError, TypeError, ValueError):
            count, seconds = 0, 0
        if count < 1 or seconds < 1:
            raise ImproperlyConfigured(
                f"RATE_LIMITS[{name!r}] = {rate!r}: write a count per period, such as 10/h or 5/15m"
            )


def allowed(name: str) -> int:
    """How many actions the limit called ``name`` allows in its period."""
    return _split_rate(settings.RATE_LIMITS[name])[0]


class Refused(Ratelimited):
    """Over a limit: the request did nothing, and may be tried again after ``retry_after`` s."""

    def __init__(self, retry_after: int = DEFAULT_RETRY_SECONDS):
        super().__init__()
        self.retry_after = max(1, int(retry_after))


def _usage(limit: Limit, request, value: str, increment: bool):
    """The counter's state, or None when it is not counted (limits off, or the cache is down
    and RATELIMIT_FAIL_OPEN lets requests through)."""
    try:
        usage = get_usage(
            request,
            group=f"limits:{limit.name}",
            key=lambda group, request: value,
            rate=limit.rate,
            increment=increment,
        )
    except Exception as exc:  # any cache backend's connection error: never a 500 because of it
        logger.warning("limit %s not counted: %s", limit.name, exc.__class__.__name__)
        if settings.RATELIMIT_FAIL_OPEN:
            return None
        return {"count": 0, "limit": 0, "time_left": DEFAULT_RETRY_SECONDS}
    if usage is None and settings.RATELIMIT_ENABLE:
        logger.warning("limit %s not counted: the cache did not answer", limit.name)
    return usage


def _wait(limits, request, *, increment: bool) -> int:
    """Seconds until every counter of ``limits`` is below its limit again; 0 if all are.

    Counting (``increment``) adds this request and is over once past the limit; looking only (for
    actions counted after the fact, such as failed logins) is over once the limit is reached.
    """
    wait = 0
    for limit in limits:
        value = limit.target(request)
        if not value:  # nothing to count by (no email typed, not logged in)
            continue
        usage = _usage(limit, request, value, increment)
        if usage is None:
            continue
        over = usage["count"] > usage["limit"] if increment else usage["count"] >= usage["limit"]
        if over:
            audit("rate_limited", request=request, limit=limit.name, level=logging.WARNING)
            wait = max(wait, usage["time_left"] if usage["time_left"] > 0 else 1)
    return wait


def count(limits, request) -> int:
    """Count this request against ``limits``; the seconds to wait if it went over, else 0."""
    return _wait(limits, request, increment=True)


def exhausted(limits, request) -> int:
    """Without counting: the seconds to wait if a counter of ``limits`` is at its limit, else 0."""
    return _wait(limits, request, increment=False)


def limited(limits):
    """Count every POST to the view against ``limits``; over any of them, the 429 page."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and (wait := count(limits, request)):
                raise Refused(wait)
            return view(request, *args, **kwargs)

        wrapper.rate_limits = limits
        return wrapper

    return decorate


def _login_failed(response) -> bool:
    # Both login views redirect when the password was right, and answer with the form (or with
    # django-axes' lockout page) when it was not.
    return response.status_code != 302


def login_limited(view):
    """A login page: refused while the address or the account has too many recent failures, and
    every failure counted (a right password costs nothing, so a shared address is not punished)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        if wait := exhausted(LOGIN_FAILURES, request):
            raise Refused(wait)
        response = view(request, *args, **kwargs)
        if _login_failed(response):
            count(LOGIN_FAILURES, request)
        return response

    wrapper.rate_limits = LOGIN_FAILURES
    return wrapper


def refusal(request, retry_after: int):
    """The branded 429 page: wait, then try again."""
    minutes = max(1, math.ceil(retry_after / 60))
    now = timezone.now()
    response = render(
        request,
        "429.html",
        {"wait": timeuntil(now + timedelta(minutes=minutes), now)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class RateLimitMiddleware:
    """Answers a refused action with the 429 page, and limits failed logins on the admin's own
    login page (wired by Django's admin, not by our urls) with the same counters as ours."""

    def __init__(self, get_response):
        self.get_response = get_response
        check_rates(settings.RATE_LIMITS)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "counts_login_failure", False) and _login_failed(response):
            count(LOGIN_FAILURES, request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method == "POST" and match is not None and match.view_name == "admin:login":
            if wait := exhausted(LOGIN_FAILURES, request):
                return refusal(request, wait)
            request.counts_login_failure = True
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, Ratelimited):
            return refusal(request, getattr(exception, "retry_after", DEFAULT_RETRY_SECONDS))
        return None
