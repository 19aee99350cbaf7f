"""A few product pictures for the bench data, painted with Pillow and stored once through the
site's image pipeline (``core.images.store_image``), so pages carry real srcsets.

Thousands of ``ProductImage`` rows then share these stored files: ``asset_fields`` are copied.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

from core.images import store_image

MODES = ("keramik", "anyaman", "batik", "kuliner", "kayu", "kriya")
SIZE = 960


def mode_for(slug):
    """The kind of picture that suits a category, from the words of its slug."""
    for keyword, mode in (
        ("keramik", "keramik"),
        ("gerabah", "keramik"),
        ("anyaman", "anyaman"),
        ("bambu", "anyaman"),
        ("batik", "batik"),
        ("tenun", "batik"),
        ("fashion", "batik"),
        ("kuliner", "kuliner"),
        ("kayu", "kayu"),
    ):
        if keyword in slug:
            return mode
    return "kriya"


def _gradient(size, top, bottom):
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for y in range(size):
        t = y / (size - 1)
        draw.line(
            [(0, y), (size, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    return image


def _keramik(draw, size, rng):
    glaze = rng.choice(
        [(166, 82, 45), (120, 60, 35), (60, 90, 130), (70, 110, 80), (200, 170, 120)]
    )
    cx, body_top, body_bottom = size // 2, int(size * 0.35), int(size * 0.88)
    width = int(size * rng.uniform(0.28, 0.4))
    draw.ellipse([cx - width, body_top, cx + width, body_bottom], fill=glaze)
    neck = int(width * 0.35)
    draw.rectangle([cx - neck, int(size * 0.18), cx + neck, body_top + 40], fill=glaze)
    draw.ellipse([cx - neck - 25, int(size * 0.14), cx + neck + 25, int(size * 0.22)], fill=glaze)
    band = tuple(min(255, c + 60) for c in glaze)
    for y in range(body_top + 60, body_bottom - 60, rng.randint(50, 90)):
        draw.arc([cx - width, y - 30, cx + width, y + 30], 0, 180, fill=band, width=10)


def _anyaman(draw, size, rng):
    light, dark = rng.choice([((214, 180, 120), (160, 120, 70)), ((200, 170, 110), (120, 90, 50))])
    strip = rng.choice([40, 48, 60])
    for row in range(0, size, strip):
        for col in range(0, size, strip):
            horizontal = (row // strip + col // strip) % 2 == 0
            fill = light if horizontal else dark
            draw.rectangle([col + 2, row + 2, col + strip - 2, row + strip - 2], fill=fill)


def _batik(draw, size, rng):
    ink = rng.choice([(250, 240, 220), (230, 190, 110), (240, 220, 200)])
    step = rng.choice([96, 120, 160])
    for y in range(0, size + step, step):
        for x in range(0, size + step, step):
            r = step // 3
            for dx, dy in ((-r, 0), (r, 0), (0, -r), (0, r)):
                draw.ellipse(
                    [x + dx - r // 2, y + dy - r // 3, x + dx + r // 2, y + dy + r // 3],
                    outline=ink,
                    width=4,
                )
            draw.ellipse([x - 8, y - 8, x + 8, y + 8], fill=ink)


def _kuliner(draw, size, rng):
    brown = rng.choice([(110, 60, 25), (140, 85, 35), (190, 140, 70)])
    for _ in range(rng.randint(5, 9)):
        x, y = rng.randint(120, size - 240), rng.randint(200, size - 200)
        r = rng.randint(70, 120)
        draw.ellipse([x, y, x + 2 * r, y + r], fill=brown, outline=(80, 40, 15), width=6)


def _kayu(draw, size, rng):
    grain = (110, 70, 40)
    phase = rng.uniform(0, math.pi)
    for x0 in range(0, size, 18):
        points = [(x0 + 12 * math.sin(y / 70 + phase + x0 / 90), y) for y in range(0, size, 16)]
        draw.line(points, fill=grain, width=3)


def _kriya(draw, size, rng):
    for _ in range(12):
        x, y, r = rng.randint(0, size), rng.randint(0, size), rng.randint(40, 160)
        colour = tuple(rng.randint(60, 220) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


PAINTERS = {
    "keramik": ((240, 228, 205), (205, 180, 150), _keramik),
    "anyaman": ((230, 215, 180), (200, 180, 140), _anyaman),
    "batik": ((40, 50, 95), (70, 45, 30), _batik),
    "kuliner": ((90, 140, 70), (50, 100, 45), _kuliner),
    "kayu": ((200, 150, 100), (170, 120, 75), _kayu),
    "kriya": ((235, 235, 225), (210, 205, 190), _kriya),
}


def painted(mode, variant, size=SIZE):
    """A JPEG picture (bytes) of this mode; the same mode and variant give the same picture."""
    rng = random.Random(f"{mode}-{variant}")
    top, bottom, paint = PAINTERS[mode]
    image = _gradient(size, top, bottom)
    paint(ImageDraw.Draw(image), size, rng)
    image = image.filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def asset_fields(asset):
    return {
        "file": asset.file.name,
        "width": asset.width,
        "height": asset.height,
        "renditions": asset.renditions,
    }


def stored_pictures(model, count):
    """``{mode: [asset fields, ...]}``: ``count`` pictures stored once for ``model``'s rows."""
    pictures = {mode: [] for mode in MODES}
    for index in range(count):
        mode = MODES[index % len(MODES)]
        asset = model()
        store_image(asset, io.BytesIO(painted(mode, index)))
        pictures[mode].append(asset_fields(asset))
    return pictures
