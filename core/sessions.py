"""Database sessions that ignore a session cookie which cannot be a session key.

Django's keys are 32 lowercase letters and digits; anything else (a NUL byte, a very long value)
is treated as no session rather than being sent to PostgreSQL, which refuses NUL bytes.
"""

import re

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_SESSION_KEY = re.compile(r"^[a-z0-9]{8,40}$")


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and _SESSION_KEY.fullmatch(key) is not None
