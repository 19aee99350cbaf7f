"""Bar and column charts as plain geometry, drawn as inline SVG by templates/backoffice/includes.

No script and no stylesheet are needed: the template uses SVG presentation attributes (fill,
font-size, text-anchor) only, so the charts show the same in the admin, in print and with the
Content-Security-Policy's ban on inline styles. The numbers are always in a table beside the chart.
"""

from dataclasses import dataclass, field

from django.utils import dateformat

from core.formats import format_month
from core.templatetags.rupiah import format_rupiah

PALETTE = ("#9a3412", "#0f766e")
WIDTH = 640
FONT_SIZE = 12
LABEL_CHARS = 28


def as_count(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def as_rupiah(value) -> str:
    return format_rupiah(value)


def month_label(month) -> str:
    return format_month(month)


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Rounded:
    """Coordinates with one decimal at most: short SVG, the same in every locale."""

    def __post_init__(self):
        for name, value in vars(self).items():
            if isinstance(value, float):
                setattr(self, name, round(value, 1))


@dataclass
class Bar(_Rounded):
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass
class Text(_Rounded):
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Line(_Rounded):
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Key(_Rounded):
    """One entry of the legend: a swatch and the series' name."""

    x: float
    y: float
    fill: str
    name: str


@dataclass
class Chart:
    id: str
    title: str
    width: int = WIDTH
    height: int = 0
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[Key] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.bars


def _legend(series, y) -> list[Key]:
    """A legend along the top, only when there is more than one series to tell apart."""
    if len(series) < 2:
        return []
    return [
        Key(8 + index * 160, y, PALETTE[index], name) for index, (name, _v) in enumerate(series)
    ]


def _scale(series) -> float:
    return max((value for _name, values in series for value in values), default=0) or 1


def bar_chart(*, id, title, labels, series, formatter=as_count) -> Chart:
    """Horizontal bars, one row per label, one bar per series in each row.

    ``series`` is a list of ``(name, values)``; the values line up with ``labels``.
    """
    label_width, value_width, bar_height, gap = 190, 110, 16, 10
    top = 30 if len(series) > 1 else 8
    chart = Chart(id=id, title=title, legend=_legend(series, 8))
    area = WIDTH - label_width - value_width
    biggest = _scale(series)
    row_height = bar_height * len(series) + gap
    for row, label in enumerate(labels):
        y = top + row * row_height
        chart.texts.append(
            Text(label_width - 8, y + bar_height * len(series) / 2 + 4, _shorten(label), "end")
        )
        for index, (name, values) in enumerate(series):
            value = values[row] or 0
            width = area * value / biggest
            bar_y = y + index * bar_height
            if value:
                chart.bars.append(
                    Bar(
                        label_width,
                        bar_y,
                        max(width, 1),
                        bar_height - 2,
                        PALETTE[index],
                        f"{label} · {name}: {formatter(value)}",
                    )
                )
            chart.texts.append(
                Text(label_width + width + 4, bar_y + bar_height - 4, formatter(value))
            )
    chart.lines.append(Line(label_width, top, label_width, top + len(labels) * row_height - gap))
    chart.height = top + 8 + max(len(labels) * row_height - gap, 0)
    return chart


def column_chart(*, id, title, months, series, formatter=as_count) -> Chart:
    """Vertical columns, one group per month, one column per series in each group."""
    left, right, bottom, plot_height = 96, 8, 36, 180
    top = 34 if len(series) > 1 else 12
    chart = Chart(id=id, title=title, height=top + plot_height + bottom, legend=_legend(series, 8))
    biggest = _scale(series)
    area = WIDTH - left - right
    slot = area / max(len(months), 1)
    column = max(min((slot - 4) / max(len(series), 1), 40), 1)
    baseline = top + plot_height
    for fraction in (0, 0.5, 1):
        y = baseline - plot_height * fraction
        chart.lines.append(Line(left, y, WIDTH - right, y))
        chart.texts.append(Text(left - 6, y + 4, formatter(round(biggest * fraction)), "end"))
    label_every = max(1, -(-len(months) // 12))
    for position, month in enumerate(months):
        x = left + position * slot + (slot - column * len(series)) / 2
        for index, (name, values) in enumerate(series):
            value = values[position] or 0
            if value:
                height = max(plot_height * value / biggest, 1)
                chart.bars.append(
                    Bar(
                        x + index * column,
                        baseline - height,
                        column - 1,
                        height,
                        PALETTE[index],
                        f"{month_label(month)} · {name}: {formatter(value)}",
                    )
                )
        if position % label_every == 0:
            middle = left + position * slot + slot / 2
            chart.texts.append(Text(middle, baseline + 15, dateformat.format(month, "M"), "middle"))
            if position == 0 or month.month <= label_every:
                chart.texts.append(Text(middle, baseline + 30, f"{month:%Y}", "middle"))
    return chart
