"""Picture files for tests, good and bad, made in memory with Pillow."""

import io
import os
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="6,33.5S" exif:GPSLongitude="107,26.2E"/></rdf:RDF></x:xmpmeta>'
)


def picture(size=(800, 600), color=(176, 96, 48), mode="RGB"):
    image = Image.new(mode, size, color)
    draw = ImageDraw.Draw(image)
    w, h = size
    # A mark in the top-left corner, to check orientation after storing.
    draw.rectangle((0, 0, max(1, w // 4), max(1, h // 4)), fill=(0, 0, 0) if mode == "RGB" else 0)
    return image


def picture_bytes(fmt="JPEG", size=(800, 600), color=(176, 96, 48), mode="RGB", **save):
    buffer = io.BytesIO()
    picture(size, color, mode).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(data, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(size=(800, 600), name="foto.jpg", **save):
    return upload(picture_bytes("JPEG", size, **save), name)


def png(size=(800, 600), name="foto.png", **save):
    return upload(picture_bytes("PNG", size, **save), name, "image/png")


def webp(size=(800, 600), name="foto.webp", **save):
    return upload(picture_bytes("WEBP", size, **save), name, "image/webp")


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "Kamera Ponsel"  # Make
    exif[0x0131] = "Editor Foto 1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 33.0, 30.0)
    gps[3] = "E"
    gps[4] = (107.0, 26.0, 12.0)
    return exif


def jpeg_with_gps(size=(800, 600), orientation=None):
    """A phone photo taken in Plered: GPS EXIF, XMP with location, ICC profile and a comment."""
    data = picture_bytes(
        "JPEG",
        size,
        exif=gps_exif(orientation).tobytes(),
        xmp=XMP,
        icc_profile=SRGB_ICC,
        comment=b"Plered, Purwakarta",
    )
    return upload(data, "IMG_20260101_plered.jpg")


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def decompression_bomb(width=50_000, height=50_000):
    """A tiny PNG that declares 2.5 gigapixels: decoding it would take gigabytes of memory."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    content = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )
    return upload(content, "bom.png", "image/png")


def truncated_jpeg():
    data = picture_bytes("JPEG", (1200, 900), quality=95)
    return upload(data[: len(data) // 2], "terpotong.jpg")


def html_named_jpg():
    content = b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>"
    return upload(content, "produk.jpg")


def svg():
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b'<script>alert("x")</script><circle cx="50" cy="50" r="40"/></svg>'
    )
    return upload(content, "logo.svg", "image/svg+xml")


def animated(fmt="GIF", name="animasi.gif", content_type="image/gif"):
    frames = [picture((120, 90), color) for color in ((200, 40, 40), (40, 200, 40), (40, 40, 200))]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return upload(buffer.getvalue(), name, content_type)


def twelve_megabytes():
    """A real JPEG padded to 12 MB (readers ignore what follows the end of the picture)."""
    data = picture_bytes("JPEG", (800, 600))
    return upload(data + b"\x00" * (12 * 1024 * 1024 - len(data)), "besar.jpg")


def ten_thousand_square_png():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 1).save(buffer, "PNG")
    return upload(buffer.getvalue(), "poster.png", "image/png")


# Every upload the pipeline must refuse, with the code of the message it must give.
BAD_UPLOADS = {
    "decompression bomb": (decompression_bomb, "bomb"),
    "truncated JPEG": (truncated_jpeg, "truncated"),
    "HTML named .jpg": (html_named_jpg, "html"),
    "SVG": (svg, "svg"),
    "animated GIF": (animated, "gif"),
    "animated PNG": (
        lambda: animated("PNG", "animasi.png", "image/png"),
        "animated",
    ),
    "animated WebP": (
        lambda: animated("WEBP", "animasi.webp", "image/webp"),
        "animated",
    ),
    "12 MB file": (twelve_megabytes, "too_big"),
    "10000×10000 PNG": (ten_thousand_square_png, "too_many_pixels"),
    "BMP": (lambda: upload(picture_bytes("BMP", (80, 60)), "foto.jpg"), "not_image"),
    "random bytes": (lambda: upload(os.urandom(4096), "foto.jpg"), "not_image"),
}


def stored_files(media_root):
    """Every file under MEDIA_ROOT, walked on disk."""
    root = Path(media_root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
