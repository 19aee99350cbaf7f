"""Structured audit lines: failed logins, permission refusals, staff decisions.

One line per event, ``event=... user=... ip=... key=value``, on the ``galeri.audit`` logger; the
request id is added by the log formatter. Never pass secrets; phone numbers are masked.
"""

import logging
import re

from .net import client_ip

logger = logging.getLogger("galeri.audit")
# Whitespace, quotes, "=" and control characters (ANSI escapes, NUL, ...) would let a value forge
# another field or line, or rewrite a terminal that shows the log.
_UNSAFE = re.compile(r"[\s\"=\x00-\x1f\x7f-\x9f]")


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return "***"
    return f"{digits[:4]}****{digits[-3:]}"


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _value(value) -> str:
    text = str(value)
    return f'"{_UNSAFE.sub("_", text)}"' if _UNSAFE.search(text) else text


def audit(event: str, *, request=None, user=None, level=logging.INFO, **fields) -> None:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    parts = [f"event={event}"]
    parts.append(
        f"user={user.pk if user is not None and getattr(user, 'is_authenticated', False) else '-'}"
    )
    if request is not None:
        parts.append(f"ip={_value(client_ip(request) or '-')}")
        parts.append(f"path={_value(request.path[:200])}")
    parts.extend(f"{key}={_value(value)}" for key, value in fields.items())
    logger.log(level, " ".join(parts))


def staff_decision(*, by, obj, message: str, event: str) -> None:
    """A decision a staff member took on ``obj``: kept in Django's admin log (the dashboard's
    "latest staff actions") and written as an audit line. Decisions by non-staff are only logged.
    """
    from django.contrib.admin.models import CHANGE, LogEntry

    if by is not None and getattr(by, "is_staff", False):
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[obj],
            action_flag=CHANGE,
            change_message=message[:1000],
            single_object=True,
        )
    audit(event, user=by, model=obj._meta.label_lower, object=obj.pk)
