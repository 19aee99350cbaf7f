"""Pictures a form keeps when it is refused, so nobody has to choose them again.

A browser never fills a file input back in. When a form with pictures has an error elsewhere
(a missing field, one bad photo among three), each picture that passed ``core.images`` is kept:
a cleaned copy (``core.images.clean_copy``: no metadata) is written through the storage under
``HELD_PREFIX`` and the page carries a signed token naming it, as a ticked checkbox beside the
file input. The next submission takes the kept pictures back unless the box is unticked; a new
choice replaces a kept single picture and adds to kept photos.

A token names only a file under ``HELD_PREFIX``, expires after ``HELD_MAX_AGE`` and is bound to
whoever uploaded (``upload_owner``). Kept files are deleted once the form goes through; the rest
is deleted by ``manage.py clear_held_uploads`` (from cron), by the hour folder they sit in.
"""

import contextlib
import datetime
import logging
import os
import uuid

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .images import MAX_UPLOAD_BYTES, clean_copy, open_image

logger = logging.getLogger("galeri.images")

HELD_PREFIX = "held-uploads"
HELD_MAX_AGE = 6 * 60 * 60
KEPT_SUFFIX = "-kept"
_SALT = "core.uploads.held"
_FOLDER_FORMAT = "%Y%m%d%H"
_NAME_LENGTH = 100


def upload_owner(request) -> str:
    """Whom kept pictures belong to: the account, or for a visitor the browser's CSRF secret."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    get_token(request)  # a browser without the CSRF cookie yet gets it with this response
    return "visitor:" + signing.Signer(salt=_SALT).signature(request.META.get("CSRF_COOKIE", ""))


def upload_hold(upload, *, owner: str) -> str:
    """Keep a cleaned copy of a checked upload; return the token that takes it back."""
    folder = timezone.now().astimezone(datetime.UTC).strftime(_FOLDER_FORMAT)
    name = default_storage.save(
        f"{HELD_PREFIX}/{folder}/{uuid.uuid4().hex}.jpg", ContentFile(clean_copy(upload))
    )
    shown = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:_NAME_LENGTH]
    return signing.dumps({"n": name, "f": shown, "o": owner}, salt=_SALT)


def _read_token(token: str, owner: str | None, max_age=HELD_MAX_AGE):
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not str(data.get("n", "")).startswith(f"{HELD_PREFIX}/"):
        return None
    if owner is not None and data.get("o") != owner:
        return None
    return data


def held_upload(token: str, *, owner: str):
    """The kept picture as an upload (named as it was chosen), or None if gone or not theirs."""
    data = _read_token(token, owner)
    if data is None:
        return None
    try:
        with default_storage.open(data["n"]) as file:
            content = file.read(MAX_UPLOAD_BYTES + 1)
    except Exception:
        logger.info("kept upload %s is gone", data["n"])
        return None
    if len(content) > MAX_UPLOAD_BYTES:
        return None
    upload = SimpleUploadedFile(data["f"] or "foto.jpg", content, content_type="image/jpeg")
    upload.held_token = token
    return upload


def held_uploads_discard(tokens) -> None:
    """Delete kept pictures now that their form went through (expired tokens too)."""
    for token in tokens:
        data = _read_token(token, owner=None, max_age=None)
        if data is not None:
            try:
                default_storage.delete(data["n"])
            except Exception:
                logger.exception("could not delete kept upload %s", data["n"])


def held_uploads_clear(*, now=None) -> int:
    """Delete kept pictures whose tokens have expired; return how many files went."""
    now = now or timezone.now()
    cutoff = now.astimezone(datetime.UTC) - datetime.timedelta(seconds=HELD_MAX_AGE, hours=1)
    try:
        folders, _files = default_storage.listdir(HELD_PREFIX)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    deleted = 0
    for folder in folders:
        try:
            hour = datetime.datetime.strptime(folder, _FOLDER_FORMAT).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        if hour >= cutoff:
            continue
        _subfolders, files = default_storage.listdir(f"{HELD_PREFIX}/{folder}")
        for name in files:
            default_storage.delete(f"{HELD_PREFIX}/{folder}/{name}")
            deleted += 1
        _remove_empty_folder(f"{HELD_PREFIX}/{folder}")
    return deleted


def _remove_empty_folder(name):
    # A bucket has no folders; a local disk keeps empty ones unless removed.
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):
        os.rmdir(path)


class KeptFileInput(forms.FileInput):
    """A file input followed by the pictures kept from the last submission (ticked checkboxes)
    and the names of the files that were refused and must be chosen again."""

    def __init__(self, attrs=None, multiple=False):
        self.allow_multiple_selected = multiple
        self.kept = []
        self.refused = []
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not (self.kept or self.refused):
            return html
        element_id = (attrs or {}).get("id") or f"id_{name}"
        parts = [html]
        if self.kept:
            parts.append(
                format_html(
                    '<fieldset class="kept-uploads" id="{}_kept"><legend>{}</legend>{}</fieldset>',
                    element_id,
                    _("Kept from your last try: no need to choose these again"),
                    format_html_join(
                        "",
                        '<label><input type="checkbox" name="{}" value="{}" checked> {}</label>',
                        ((name + KEPT_SUFFIX, token, shown) for token, shown in self.kept),
                    ),
                )
            )
        if self.refused:
            parts.append(
                format_html(
                    '<p class="refused-uploads" id="{}_refused">{}</p>',
                    element_id,
                    _("Choose again: %(names)s") % {"names": ", ".join(self.refused)},
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))


class KeptFilesInput(KeptFileInput):
    """Several pictures in one input, kept like ``KeptFileInput``."""

    def __init__(self, attrs=None):
        super().__init__(attrs, multiple=True)


class KeepsUploads:
    """A form mixin: the picture fields named in ``kept_upload_fields`` (whose widget is a
    ``KeptFileInput``) survive a refused submission.

    Build the form with ``upload_owner=upload_owner(request)``; when it is refused, call
    ``keep_uploads()`` before rendering it again; once it went through, ``discard_kept()``.
    """

    kept_upload_fields = ()

    def __init__(self, *args, upload_owner="", **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_owner = upload_owner
        if self.is_bound and upload_owner:
            self._take_back_kept()

    def _kept_fields(self):
        return [name for name in self.kept_upload_fields if name in self.fields]

    def _take_back_kept(self):
        files = MultiValueDict({key: self.files.getlist(key) for key in self.files})
        for name in self._kept_fields():
            key = self.add_prefix(name)
            tokens = self.data.getlist(key + KEPT_SUFFIX) if hasattr(self.data, "getlist") else []
            kept = [
                upload
                for upload in (held_upload(t, owner=self.upload_owner) for t in tokens[:20])
                if upload is not None
            ]
            chosen = [upload for upload in files.getlist(key) if upload]
            if self.fields[name].widget.allow_multiple_selected:
                files.setlist(key, kept + chosen)
            elif chosen or kept:
                files.setlist(key, (chosen or kept)[:1])
        self.files = files

    def keep_uploads(self):
        """Keep every picture of a refused submission that passed its checks; note the others."""
        for name in self._kept_fields():
            widget = self.fields[name].widget
            widget.kept, widget.refused = [], []
            for upload in self.files.getlist(self.add_prefix(name)):
                shown = getattr(upload, "name", "")
                token = getattr(upload, "held_token", None)
                try:
                    if token is None:
                        open_image(upload).close()
                        token = upload_hold(upload, owner=self.upload_owner)
                except ValidationError:
                    widget.refused.append(shown)
                except Exception:
                    logger.exception("could not keep an upload for the next try")
                    widget.refused.append(shown)
                else:
                    widget.kept.append((token, shown))
                finally:
                    upload.seek(0)

    def kept_names(self):
        return [
            shown for name in self._kept_fields() for _t, shown in self.fields[name].widget.kept
        ]

    def refused_names(self):
        return [shown for name in self._kept_fields() for shown in self.fields[name].widget.refused]

    def discard_kept(self):
        held_uploads_discard(
            token
            for name in self._kept_fields()
            for upload in self.files.getlist(self.add_prefix(name))
            if (token := getattr(upload, "held_token", None))
        )
