"""The visitor's own parts of a shared page: left as holes when it is stored, filled per request.

A cached page is rendered for no one in particular (``shared_render``): an anonymous user, an
empty session, no messages, a CSRF secret of no visitor's. Each ``{% visitor_part %}`` of its
templates (the header's cart and account links, the messages) leaves a marker, and so does each
CSRF token of its forms. ``split`` cuts the page at the markers; ``fill`` puts in this visitor's
parts, rendering only the small templates named, never the page. So whatever a template shows
outside its visitor parts, no visitor's name, cart, messages or token can enter a stored page.

A part that only staff or a vendor should see (an edit link) goes in a visitor part too:
outside one it is rendered for no one, so it never shows on a cached page.

Markers carry a MAC of their template's name under ``SECRET_KEY``: text a vendor or a visitor
writes cannot pass for one. ``MARKERS``, derived the same way, is part of every page's key:
pages stored under another ``SECRET_KEY`` are never read.
"""

import re
from collections import OrderedDict
from contextlib import contextmanager
from functools import cache as memoize
from threading import Lock

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.base import BaseStorage
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template import Context, Engine
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import get_language

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
CSRF_HOLE = "csrf_token"
NAME = re.compile(r"[A-Za-z0-9_./-]{1,200}")
MARKER = re.compile(rb"<!--visitor-part ([0-9a-f]{20}) ([A-Za-z0-9_./-]{1,200})-->")
# The CSRF secret a shared page's forms are rendered with: no visitor's, never sent to anyone.
_SHARED_CSRF_SECRET = get_random_string(32)


@memoize
def _mac(name: str) -> str:
    return salted_hmac("core.pagecache.holes", name).hexdigest()[:20]


MARKERS = _mac("markers")[:8]


def marker(name: str) -> str:
    if not NAME.fullmatch(name):
        raise ValueError(f"A visitor part is a template's plain name, not {name!r}.")
    return f"<!--visitor-part {_mac(name)} {name}-->"


def split(content: bytes) -> list:
    """``[bytes, name, bytes, name, ..., bytes]``: the page between its visitor parts."""
    content = CSRF_INPUT.sub(rb"\g<1>" + marker(CSRF_HOLE).encode() + rb"\g<2>", content)
    parts, start = [], 0
    for found in MARKER.finditer(content):
        name = found.group(2).decode()
        if found.group(1).decode() != _mac(name):
            continue
        parts += [content[start : found.start()], name]
        start = found.end()
    parts.append(content[start:])
    return parts


def fill(request, parts: list) -> bytes:
    names = set(parts[1::2])
    if not names:
        return parts[0]
    rendered = {name: text.encode() for name, text in render_parts(request, names).items()}
    return b"".join(part if i % 2 == 0 else rendered[part] for i, part in enumerate(parts))


def render_parts(request, names) -> dict[str, str]:
    """Each named template rendered for this visitor: one context, from the context processors."""
    rendered = {}
    if CSRF_HOLE in names:
        rendered[CSRF_HOLE] = get_token(request)
    templates = names - {CSRF_HOLE}
    if not templates:
        return rendered
    nobody = _is_nobody(request)
    if nobody:
        for name in list(templates):
            text = _nobody_parts.get((name, get_language(), request.get_full_path()))
            if text is not None:
                rendered[name] = text
                templates.discard(name)
    if templates:
        engine = Engine.get_default()
        context = Context(autoescape=engine.autoescape)
        for processor in engine.template_context_processors:
            context.update(processor(request))
        for name in templates:
            text = rendered[name] = engine.get_template(name).render(context)
            if nobody and not CSRF_INPUT.search(text.encode()):
                _nobody_parts.put((name, get_language(), request.get_full_path()), text)
    return rendered


class RecentEntries:
    """A small thread-safe store of the most recently used entries."""

    def __init__(self, size):
        self.size, self.entries, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


# A first-time visitor (no session, not logged in, no messages waiting) gets the same parts as
# every other one at the same address and language: most of a cached page's serving time went
# into rendering them afresh. Parts holding a CSRF token are never kept (it is per visitor).
_nobody_parts = RecentEntries(4096)


@receiver(setting_changed)
def _forget_nobody_parts(**kwargs):
    _nobody_parts.clear()  # a test's settings (templates, languages) may change what parts show


def _is_nobody(request) -> bool:
    session = getattr(request, "session", None)
    return (
        session is not None
        and session.session_key is None
        and not request.COOKIES.get(CookieStorage.cookie_name)
        and not request.user.is_authenticated
    )


def in_shared_render(request) -> bool:
    return getattr(request, "page_cache_shared", False)


class _NoMessages(BaseStorage):
    """A shared page sees none of the visitor's messages; one the view adds still reaches them."""

    def __init__(self, real):
        super().__init__(request=None)
        self.real = real

    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []

    def add(self, level, message, extra_tags=""):
        self.added_new = True
        if self.real is not None:
            self.real.add(level, message, extra_tags)


_ABSENT = object()


@contextmanager
def shared_render(request, *, query_string, query):
    """Render as no one: see the module's docstring. ``query`` (the canonical parameters) stands
    in for the address's query string. Yields the stand-in message storage: a page whose view
    added a message must not be stored."""
    session_store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    messages = _NoMessages(getattr(request, "_messages", None))
    attributes = {
        "user": AnonymousUser(),
        "session": session_store(),
        "_messages": messages,
        "GET": query,
        "page_cache_shared": True,
    }
    meta = {"CSRF_COOKIE": _SHARED_CSRF_SECRET, "QUERY_STRING": query_string}
    saved = {name: request.__dict__.get(name, _ABSENT) for name in attributes}
    saved_meta = {
        name: request.META.get(name, _ABSENT) for name in (*meta, "CSRF_COOKIE_NEEDS_UPDATE")
    }
    request.__dict__.update(attributes)
    request.META.update(meta)
    try:
        yield messages
    finally:
        for name, value in saved.items():
            if value is _ABSENT:
                request.__dict__.pop(name, None)
            else:
                request.__dict__[name] = value
        for name, value in saved_meta.items():
            if value is _ABSENT:
                request.META.pop(name, None)
            else:
                request.META[name] = value
