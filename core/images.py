"""The site's one image pipeline: every uploaded picture (product photos, vendor logos and
photos, outlet photos, category pictures) goes through here.

An upload is judged by its content, never by its name or the browser's content type: Pillow
must recognise it as JPEG, PNG or WebP, it must be at most 10 MB and 40 megapixels, still, and
decode completely. What is stored is re-encoded from the pixels alone, so no metadata (EXIF with
GPS, XMP, comments, colour profiles) survives: the orientation is applied and colours are
converted to sRGB first. Every file goes through ``default_storage`` under a generated name, so
a local folder and an S3-compatible bucket behave alike.

The stored original is a JPEG at most ``MAX_STORED_SIDE`` pixels on its longest side (nothing on
the site shows more; a 40-megapixel camera file is not kept). Renditions are made at upload, in
WebP and JPEG, at the widths of ``RENDITION_WIDTHS`` that are smaller than the picture, plus one
at the picture's own width when it is narrower than the widest rendition: a picture is never
enlarged, and a rendition's key is always its true width (``{"320": ..., "640": ..., "800": ...}``
for an 800-pixel-wide photo).
"""

import io
import logging
import uuid
import warnings
from dataclasses import dataclass
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger("galeri.images")

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_STORED_SIDE = 2560
RENDITION_WIDTHS = (320, 640, 1280)
ACCEPT = "image/jpeg,image/png,image/webp"

# Pillow's names for what we accept. Phone cameras often write MPO: a JPEG followed by extra
# pictures (depth map, preview) that Pillow exposes as frames; its first frame is the photo.
_PILLOW_FORMATS = ["JPEG", "PNG", "WEBP"]
_JPEG_QUALITY_ORIGINAL = 88
_JPEG_QUALITY = 82
# A kept upload is encoded once more when the form goes through: high enough to lose nothing.
_JPEG_QUALITY_KEPT = 95
_WEBP_QUALITY = 80
_WHITE = (255, 255, 255)

MESSAGES = {
    "too_big": _(
        "This file is %(size)s; a picture may be at most %(limit)s. "
        "Make it smaller (most phones can share a photo at a lower size) and try again."
    ),
    "too_many_pixels": _(
        "This picture is %(width)s × %(height)s pixels; at most %(limit)s megapixels are "
        "accepted. Make it smaller and try again."
    ),
    "bomb": _(
        "This file declares a picture far too large to open safely (more than %(limit)s "
        "megapixels). Upload a normal photo in JPEG, PNG or WebP format."
    ),
    "truncated": _(
        "This picture is incomplete or damaged, perhaps the upload was cut off. "
        "Try again or choose another file."
    ),
    "animated": _("Animated pictures are not accepted. Upload a still photo."),
    "gif": _(
        "GIF files are not accepted (they are often animated). "
        "Upload a still photo in JPEG, PNG or WebP format."
    ),
    "svg": _("SVG drawings are not accepted. Upload a photo in JPEG, PNG or WebP format."),
    "html": _(
        "This file is a web page or text, not a picture, whatever its name says. "
        "Upload a photo in JPEG, PNG or WebP format."
    ),
    "not_image": _(
        "This file is not a picture in JPEG, PNG or WebP format, whatever its name says. "
        "Upload a photo in one of those formats."
    ),
}


def _error(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _sniff(head: bytes) -> str:
    """Name what a file Pillow refused looks like, to give a message the uploader understands."""
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text:
        return "svg"
    markers = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<?xml", b"<iframe")
    if any(marker in text for marker in markers):
        return "html"
    return "not_image"


def open_image(file) -> Image.Image:
    """Check an uploaded file and return it as a fully decoded Pillow image.

    Raises ``ValidationError`` (with one of the codes of ``MESSAGES``) for anything that is
    not a still JPEG, PNG or WebP within the limits. The file is left at position 0.
    """
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if size > MAX_UPLOAD_BYTES:
        raise _error("too_big", size=filesizeformat(size), limit=filesizeformat(MAX_UPLOAD_BYTES))
    file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    file.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _error("too_big", size=filesizeformat(size), limit=filesizeformat(MAX_UPLOAD_BYTES))
    # Pillow reads a copy, so closing the image never closes the caller's file.
    head = data[:1024]
    megapixels = MAX_PIXELS // 1_000_000
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore")
        warnings.simplefilter("always", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
        except Image.DecompressionBombError:
            raise _error("bomb", limit=megapixels) from None
        except UnidentifiedImageError:
            raise _error(_sniff(head)) from None
        except Exception:
            raise _error("not_image") from None
        width, height = image.size
        bomb_warned = any(
            issubclass(warning.category, Image.DecompressionBombWarning) for warning in caught
        )
        if bomb_warned or width * height > MAX_PIXELS:
            image.close()
            raise _error("too_many_pixels", width=width, height=height, limit=megapixels)
        if image.format != "MPO" and (
            getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1
        ):
            image.close()
            raise _error("animated")
        try:
            image.load()
        except Exception:
            image.close()
            raise _error("truncated") from None
    return image


class ImageField(forms.FileField):
    """A form field for one picture, checked by ``open_image``. Its value is the uploaded file
    (rewound), ready for ``store_image``."""

    widget = forms.FileInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("A photo in JPEG, PNG or WebP format, at most 10 MB."),
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ACCEPT
        return attrs

    def to_python(self, data):
        file = super().to_python(data)
        if file is None:
            return None
        open_image(file).close()
        return file


@dataclass(frozen=True)
class PreparedImage:
    """A picture cleaned and encoded in memory, not stored yet.

    ``renditions`` maps a width to ``{"webp": bytes, "jpeg": bytes}``.
    """

    width: int
    height: int
    original: bytes
    renditions: dict


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded colour profile, so colours stay right once the profile is dropped."""
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        logger.info("image colour profile unreadable; converted without it")
        return image
    return converted or image


def _clean(image: Image.Image) -> Image.Image:
    """Upright, sRGB, 8-bit RGB on white, no larger than ``MAX_STORED_SIDE``, no metadata."""
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:
        logger.info("image orientation unreadable; stored as decoded")
        image = image.copy()
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode in ("P", "PA") or image.mode == "LA":
        image = image.convert("RGBA")
    image = _to_srgb(image)
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, _WHITE)
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > MAX_STORED_SIDE:
        image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
    image.info = {}
    return image


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    image.info = {}
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=quality, method=4)
    else:
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def rendition_widths(width: int) -> list[int]:
    """The rendition widths made for a picture this wide (never wider than the picture)."""
    return sorted({min(target, width) for target in RENDITION_WIDTHS})


def prepare_image(file) -> PreparedImage:
    """Check, clean and encode an upload in memory; nothing is stored yet."""
    with open_image(file) as opened:
        image = _clean(opened)
    width, height = image.size
    renditions = {}
    source = image
    for target in sorted(rendition_widths(width), reverse=True):
        if target != source.width:
            target_height = max(1, round(height * target / width))
            source = source.resize((target, target_height), Image.Resampling.LANCZOS)
        renditions[target] = {
            "webp": _encode(source, "WEBP", _WEBP_QUALITY),
            "jpeg": _encode(source, "JPEG", _JPEG_QUALITY),
        }
    original = _encode(image, "JPEG", _JPEG_QUALITY_ORIGINAL)
    return PreparedImage(
        width=width, height=height, original=original, renditions=dict(sorted(renditions.items()))
    )


def clean_copy(file) -> bytes:
    """The upload's pixels as a high-quality JPEG without metadata, cleaned as a stored picture
    is (upright, sRGB, at most ``MAX_STORED_SIDE``): what a form keeps between two submissions
    (``core.uploads``), so no camera location ever waits in the storage."""
    with open_image(file) as opened:
        image = _clean(opened)
    return _encode(image, "JPEG", _JPEG_QUALITY_KEPT)


def _prefix(asset) -> str:
    meta = asset._meta
    return f"images/{meta.app_label}/{meta.model_name}"


def delete_stored_names(names) -> None:
    """Delete these stored files; a failure is logged, never raised (the row is already gone)."""
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except Exception:
            logger.exception("could not delete stored image file %s", name)


def store_prepared_image(asset, prepared: PreparedImage) -> None:
    """Write a prepared picture's files and point the (unsaved) asset at them.

    Either every file is written or none is left behind.
    """
    stem = uuid.uuid4().hex
    folder = f"{_prefix(asset)}/{stem[:2]}"
    written = []

    def write(name, data):
        stored = default_storage.save(name, ContentFile(data))
        written.append(stored)
        return stored

    try:
        original = write(f"{folder}/{stem}.jpg", prepared.original)
        renditions = {}
        for width, encoded in prepared.renditions.items():
            renditions[str(width)] = {
                "webp": write(f"{folder}/{stem}-{width}.webp", encoded["webp"]),
                "jpeg": write(f"{folder}/{stem}-{width}.jpg", encoded["jpeg"]),
            }
    except BaseException:
        delete_stored_names(written)
        raise
    asset.file = original
    asset.width = prepared.width
    asset.height = prepared.height
    asset.renditions = renditions


def store_image(asset, uploaded_file) -> None:
    """Check, clean and store an upload for an ``ImageAsset`` (not saved: the caller saves it).

    Sets ``asset.file`` (the cleaned original), ``width``, ``height`` and ``renditions``.
    Raises ``ValidationError`` for a bad upload, and then stores nothing.
    """
    store_prepared_image(asset, prepare_image(uploaded_file))


def delete_image_files(asset) -> None:
    """Delete every file stored for the asset (call it once the row's deletion has committed)."""
    delete_stored_names(asset.stored_names())


def replace_image(asset, uploaded_file) -> None:
    """Store a new picture for an asset, save it, and delete the old files after the commit.

    For single pictures that get replaced (a category's picture, a vendor's logo). If saving
    fails, the new files are removed again and the old ones stay.
    """
    old_names = asset.stored_names()
    store_image(asset, uploaded_file)
    new_names = asset.stored_names()
    try:
        with transaction.atomic():
            asset.save()
            transaction.on_commit(partial(delete_stored_names, old_names))
    except BaseException:
        delete_stored_names(new_names)
        raise


def remove_image(asset) -> None:
    """Take the picture off an asset that stays (its files go after the commit)."""
    old_names = asset.stored_names()
    asset.file = ""
    asset.width = asset.height = None
    asset.renditions = {}
    with transaction.atomic():
        asset.save()
        transaction.on_commit(partial(delete_stored_names, old_names))
