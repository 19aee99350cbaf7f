"""Simple pictures of the gallery's goods, drawn with Pillow: a vase, a woven pattern, batik,
palm sugar in its bag… Each is drawn and prepared by the image pipeline once."""

import io

from PIL import Image, ImageDraw

from core.images import prepare_image

SIZE = (800, 600)
BACKGROUNDS = [(244, 236, 224), (232, 240, 236), (240, 232, 240), (236, 238, 244), (250, 246, 238)]


def _canvas(background):
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 800, 600), fill=tuple(max(0, c - 28) for c in background))
    draw.ellipse((250, 440, 550, 480), fill=tuple(max(0, c - 55) for c in background))
    return image, draw


def draw_vase(draw, color, accent):
    draw.ellipse((270, 200, 530, 460), fill=color)
    draw.rectangle((345, 110, 455, 250), fill=color)
    draw.ellipse((320, 95, 480, 135), fill=tuple(max(0, c - 40) for c in color))
    for y in (280, 320, 360):
        draw.arc((285, y - 40, 515, y + 40), 20, 160, fill=accent, width=6)


def draw_kendi(draw, color, accent):
    draw.ellipse((260, 230, 540, 460), fill=color)
    draw.rectangle((370, 150, 430, 250), fill=color)
    draw.polygon([(520, 300), (620, 250), (630, 270), (530, 340)], fill=color)
    draw.line((290, 330, 510, 330), fill=accent, width=8)


def draw_menong(draw, color, accent):
    draw.polygon([(330, 450), (470, 450), (440, 250), (360, 250)], fill=color)
    draw.ellipse((345, 150, 455, 260), fill=(205, 140, 95))
    draw.ellipse((372, 190, 384, 202), fill=(40, 30, 20))
    draw.ellipse((416, 190, 428, 202), fill=(40, 30, 20))
    draw.arc((378, 205, 422, 235), 20, 160, fill=(120, 40, 30), width=4)
    draw.rectangle((340, 140, 460, 165), fill=accent)


def draw_weave(draw, color, accent):
    for row in range(0, 430, 40):
        for col in range(0, 800, 40):
            fill = color if (row // 40 + col // 40) % 2 else accent
            draw.rectangle((col, row, col + 38, row + 38), fill=fill)
            draw.line((col, row + 19, col + 38, row + 19), fill=(90, 60, 30), width=2)


def draw_basket(draw, color, accent):
    draw.polygon([(240, 230), (560, 230), (520, 450), (280, 450)], fill=color)
    for y in range(245, 450, 22):
        draw.line((250, y, 550, y), fill=accent, width=5)
    for x in range(270, 540, 30):
        draw.line((x, 230, x + (400 - x) // 10, 450), fill=accent, width=3)
    draw.arc((300, 120, 500, 340), 180, 360, fill=color, width=14)


def draw_batik(draw, color, accent):
    for row in range(0, 600, 80):
        for col in range(0, 800, 80):
            draw.ellipse((col + 10, row + 25, col + 40, row + 55), fill=accent)
            draw.ellipse((col + 40, row + 25, col + 70, row + 55), fill=accent)
            draw.ellipse((col + 25, row + 10, col + 55, row + 40), fill=color)
            draw.ellipse((col + 25, row + 40, col + 55, row + 70), fill=color)
            draw.ellipse((col + 36, row + 36, col + 44, row + 44), fill=(250, 240, 220))


def draw_parang(draw, color, accent):
    for offset in range(-600, 800, 70):
        draw.line((offset, 600, offset + 600, 0), fill=color, width=28)
        for step in range(0, 600, 45):
            draw.ellipse(
                (offset + step - 9, 600 - step - 9, offset + step + 9, 600 - step + 9), fill=accent
            )


def draw_palm_sugar(draw, color, accent):
    draw.rounded_rectangle((220, 150, 580, 460), radius=30, fill=(235, 235, 228))
    for x, y in ((260, 260), (400, 250), (330, 340), (470, 340)):
        draw.pieslice((x, y, x + 110, y + 110), 180, 360, fill=color)
        draw.rectangle((x, y + 55, x + 110, y + 80), fill=tuple(max(0, c - 30) for c in color))
    draw.rectangle((300, 170, 500, 225), fill=accent)
    draw.text((330, 185), "GULA AREN", fill=(255, 255, 255))


def draw_wafers(draw, color, accent):
    for i in range(6):
        y = 380 - i * 28
        draw.ellipse((240, y, 560, y + 70), fill=color, outline=accent, width=3)
    for i in range(4):
        draw.rounded_rectangle((560 + i * 40, 300, 590 + i * 40, 450), radius=14, fill=accent)


def draw_pouch(draw, color, accent):
    draw.polygon([(290, 150), (510, 150), (540, 450), (260, 450)], fill=color)
    draw.rectangle((290, 140, 510, 165), fill=tuple(max(0, c - 40) for c in color))
    draw.rounded_rectangle((320, 250, 480, 360), radius=12, fill=accent)
    draw.text((345, 295), "PURWAKARTA", fill=(255, 255, 255))


def draw_wood(draw, color, accent):
    draw.rounded_rectangle((180, 200, 620, 420), radius=40, fill=color)
    for y in range(215, 410, 18):
        draw.arc((150, y - 30, 650, y + 30), 0, 180, fill=accent, width=2)
    draw.ellipse((560, 290, 600, 330), fill=(250, 246, 238))


def draw_spoons(draw, color, accent):
    for i, x in enumerate((250, 360, 470)):
        draw.ellipse((x, 150 + i * 10, x + 80, 260 + i * 10), fill=color)
        draw.rectangle((x + 30, 250 + i * 10, x + 50, 450), fill=color)
        draw.line((x + 40, 270, x + 40, 440), fill=accent, width=2)


def draw_lamp(draw, color, accent):
    draw.polygon([(300, 130), (500, 130), (560, 330), (240, 330)], fill=color)
    for x in range(260, 560, 35):
        draw.ellipse((x, 200, x + 20, 220), fill=accent)
    draw.rectangle((390, 330, 410, 430), fill=(90, 70, 50))
    draw.ellipse((320, 420, 480, 460), fill=(90, 70, 50))


def draw_bag(draw, color, accent):
    draw.rounded_rectangle((230, 220, 570, 450), radius=30, fill=color)
    draw.arc((300, 110, 500, 330), 180, 360, fill=accent, width=16)
    for y in range(240, 440, 25):
        draw.line((245, y, 555, y), fill=accent, width=3)


def draw_beads(draw, color, accent):
    for i in range(15):
        angle_x = 400 + int(220 * ((i - 7) / 7))
        y = 180 + int(200 * (1 - ((i - 7) / 7) ** 2))
        fill = color if i % 2 else accent
        draw.ellipse((angle_x - 22, y - 22, angle_x + 22, y + 22), fill=fill)


def draw_frame(draw, color, accent):
    draw.rectangle((200, 90, 600, 420), fill=(110, 75, 45))
    draw.rectangle((225, 115, 575, 395), fill=color)
    for x in range(245, 560, 60):
        draw.polygon([(x, 380), (x + 30, 140), (x + 60, 380)], fill=accent)


DRAWINGS = {
    "vase": draw_vase,
    "kendi": draw_kendi,
    "menong": draw_menong,
    "weave": draw_weave,
    "basket": draw_basket,
    "batik": draw_batik,
    "parang": draw_parang,
    "palm_sugar": draw_palm_sugar,
    "wafers": draw_wafers,
    "pouch": draw_pouch,
    "wood": draw_wood,
    "spoons": draw_spoons,
    "lamp": draw_lamp,
    "bag": draw_bag,
    "beads": draw_beads,
    "frame": draw_frame,
}
PALETTES = {
    "vase": [((168, 84, 44), (240, 220, 190)), ((46, 92, 140), (230, 230, 240))],
    "kendi": [((176, 98, 58), (120, 60, 30)), ((150, 80, 50), (220, 200, 170))],
    "menong": [((190, 60, 50), (240, 200, 60)), ((50, 110, 80), (230, 180, 60))],
    "weave": [((214, 180, 120), (180, 140, 80))],
    "basket": [((200, 160, 100), (150, 110, 60)), ((120, 140, 80), (90, 100, 50))],
    "batik": [((60, 40, 30), (170, 110, 50)), ((30, 50, 100), (200, 170, 110))],
    "parang": [((90, 50, 30), (220, 190, 140)), ((20, 60, 70), (230, 200, 120))],
    "palm_sugar": [((110, 60, 25), (150, 40, 30))],
    "wafers": [((225, 190, 130), (180, 130, 70))],
    "pouch": [((200, 60, 40), (60, 40, 30)), ((40, 120, 90), (30, 60, 50))],
    "wood": [((170, 120, 70), (130, 85, 45))],
    "spoons": [((180, 130, 80), (140, 95, 55))],
    "lamp": [((220, 170, 110), (120, 70, 30))],
    "bag": [((190, 150, 90), (120, 80, 40)), ((70, 90, 120), (200, 180, 140))],
    "beads": [((180, 40, 50), (230, 200, 80))],
    "frame": [((230, 210, 170), (140, 70, 40))],
}


def _draw(kind, variant):
    color, accent = PALETTES[kind][variant % len(PALETTES[kind])]
    image, draw = _canvas(BACKGROUNDS[(variant + len(kind)) % len(BACKGROUNDS)])
    DRAWINGS[kind](draw, color, accent)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


class PictureBox:
    """Each (drawing, variant) is drawn and prepared once, then stored per product."""

    def __init__(self):
        self._prepared = {}

    def get(self, kind, variant):
        key = (kind, variant % len(PALETTES[kind]))
        if key not in self._prepared:
            self._prepared[key] = prepare_image(_draw(*key))
        return self._prepared[key]
