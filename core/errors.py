"""Error reports to Sentry (optional: ``SENTRY_DSN``), with personal data taken out.

Shoppers' names, phone numbers, addresses, passwords and session cookies never leave the
server: the request's body, cookies and query values are dropped, identifying headers removed,
and the user is reduced to an id. The request id goes with every report, to find its log lines.
"""

import re

from .logging import request_id_var

# Headers that identify or authenticate a person.
_DROPPED_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "x-csrftoken"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?:\+?62|0)8[\d\s-]{7,14}\d")


def _scrub_text(text):
    if not isinstance(text, str):
        return text
    return _PHONE.sub("[phone]", _EMAIL.sub("[email]", text))


def scrub_event(event, hint=None):
    request = event.get("request") or {}
    request.pop("data", None)
    request.pop("cookies", None)
    if request.get("query_string"):
        request["query_string"] = "[removed]"
    headers = request.get("headers") or {}
    request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
    request.pop("env", None)
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if user.get("id") else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _scrub_text(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)  # local variables hold forms, orders, passwords
    if "logentry" in event:
        event["logentry"]["message"] = _scrub_text(event["logentry"].get("message"))
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        crumb["message"] = _scrub_text(crumb.get("message"))
        crumb.pop("data", None)
    event.setdefault("tags", {})["request_id"] = request_id_var.get()
    return event


def sentry_init(*, dsn: str, environment: str, release: str = "", transport=None) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=scrub_event,
        transport=transport,
    )
