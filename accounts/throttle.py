"""What the login throttle (django-axes) counts failures against.

Logging in ignores the case of the email address and the spaces around it, so the throttle must
too: otherwise a lock on ``admin@…`` could be walked around by typing ``Admin@…``.
"""

from django.conf import settings


def login_username(request, credentials=None) -> str:
    source = credentials if credentials is not None else getattr(request, "POST", {})
    username = (source or {}).get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return str(username).strip().lower()
