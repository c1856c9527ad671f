"""Charts as inline SVG, drawn on the server: no chart library, no script, a few kilobytes.

A timeline shows one person's values over dates against *their own* baseline band (the range
their pain usually moves in), so a clinician or the patient can tell ordinary day-to-day noise
from a real change. Flares, decisions and phase changes are marked as vertical lines. Each chart
carries a title and a one-sentence description for screen readers, and :func:`data_table` gives
the same numbers as a table.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from markupsafe import Markup

# Colour-blind-safe series colours (Okabe-Ito), each with >= 3:1 contrast on white (WCAG 1.4.11).
COLOURS = ("#0b5cad", "#b35900", "#117a52", "#a0307a", "#5e5e5e")
MARKER_COLOURS = {"flare": "#a4161a", "decision": "#4a5360", "phase": "#117a52", "note": "#8a5300"}
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 16, 46


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[date, float]]
    kind: str = "line"  # line | dots


@dataclass(frozen=True)
class Band:
    """The person's usual range (e.g. baseline mean +/- the smallest real change)."""

    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Marker:
    on: date
    label: str
    kind: str = "decision"  # flare | decision | phase


@dataclass
class _Frame:
    start: date
    end: date
    low: float
    high: float
    width: int
    height: int
    plot_w: float = field(init=False)
    plot_h: float = field(init=False)

    def __post_init__(self) -> None:
        self.plot_w = self.width - MARGIN_LEFT - MARGIN_RIGHT
        self.plot_h = self.height - MARGIN_TOP - MARGIN_BOTTOM

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return MARGIN_LEFT + self.plot_w * (day - self.start).days / span

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        clamped = min(max(value, self.low), self.high)
        return MARGIN_TOP + self.plot_h * (1 - (clamped - self.low) / span)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _ticks(low: float, high: float) -> list[float]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10**9) if (high - low) / s <= 6)
    first = int(low // step) * step
    return [v for v in (first + step * n for n in range(int((high - first) / step) + 1)) if low <= v <= high]


def _date_ticks(start: date, end: date, count: int = 5) -> list[date]:
    span = (end - start).days
    if span <= 0:
        return [start]
    return sorted({date.fromordinal(start.toordinal() + round(span * n / (count - 1))) for n in range(count)})


def timeline(title: str, series: Sequence[Series], *, start: date, end: date,
             y_range: tuple[float, float] = (0, 10), y_label: str = "", band: Band | None = None,
             markers: Sequence[Marker] = (), width: int = 720, height: int = 260) -> Markup:
    """An SVG timeline of ``series`` between ``start`` and ``end``; scales to its container."""
    frame = _Frame(start, max(end, start), y_range[0], y_range[1], width, height)
    ident = "c" + format(zlib.crc32(f"{title}|{start}|{end}|{[s.label for s in series]}".encode()), "08x")
    counts = ", ".join(f"{s.label}: {len(s.points)} values" for s in series)
    description = f"From {start.isoformat()} to {end.isoformat()}. {counts}."
    if band is not None:
        description += f" {band.label}: {band.low:g} to {band.high:g}."
    if markers:
        description += f" {len(markers)} events marked."
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>']
    parts += _axes(frame, y_label)
    if band is not None:
        top, bottom = frame.y(band.high), frame.y(band.low)
        parts.append(f'<rect x="{MARGIN_LEFT}" y="{_f(top)}" width="{_f(frame.plot_w)}" height="{_f(bottom - top)}" '
                     f'fill="#0b5cad" fill-opacity="0.12"><title>{escape(band.label)}</title></rect>')
    for marker in markers:
        if start <= marker.on <= frame.end:
            x = frame.x(marker.on)
            colour = MARKER_COLOURS.get(marker.kind, MARKER_COLOURS["decision"])
            dash = ' stroke-dasharray="4 3"' if marker.kind == "decision" else ""
            parts.append(f'<line x1="{_f(x)}" y1="{MARGIN_TOP}" x2="{_f(x)}" y2="{_f(MARGIN_TOP + frame.plot_h)}" '
                         f'stroke="{colour}" stroke-width="2"{dash}><title>{escape(marker.on.isoformat())}: '
                         f'{escape(marker.label)}</title></line>')
    for number, one in enumerate(series):
        parts += _series(frame, one, COLOURS[number % len(COLOURS)], number)
    parts += _legend(frame, series, band, markers)
    parts.append("</svg>")
    return Markup("".join(parts))


def _axes(frame: _Frame, y_label: str) -> list[str]:
    bottom = MARGIN_TOP + frame.plot_h
    out = ['<g font-size="12" fill="#4a5360" font-family="system-ui, sans-serif">']
    for value in _ticks(frame.low, frame.high):
        y = frame.y(value)
        out.append(f'<line x1="{MARGIN_LEFT}" y1="{_f(y)}" x2="{_f(MARGIN_LEFT + frame.plot_w)}" y2="{_f(y)}" '
                   f'stroke="#e1e5ea"/><text x="{MARGIN_LEFT - 6}" y="{_f(y + 4)}" text-anchor="end">{value:g}</text>')
    ticks = _date_ticks(frame.start, frame.end)
    for n, day in enumerate(ticks):
        x = frame.x(day)
        # The first and last labels hang inwards so they are not cut at the chart's edges.
        anchor = "start" if n == 0 and len(ticks) > 1 else "end" if n == len(ticks) - 1 and len(ticks) > 1 else "middle"
        out.append(f'<text x="{_f(x)}" y="{_f(bottom + 16)}" text-anchor="{anchor}">{day.strftime("%d %b")}</text>')
    out.append(f'<line x1="{MARGIN_LEFT}" y1="{_f(bottom)}" x2="{_f(MARGIN_LEFT + frame.plot_w)}" y2="{_f(bottom)}" '
               f'stroke="#4a5360"/>')
    if y_label:
        out.append(f'<text x="12" y="{_f(MARGIN_TOP + frame.plot_h / 2)}" text-anchor="middle" '
                   f'transform="rotate(-90 12 {_f(MARGIN_TOP + frame.plot_h / 2)})">{escape(y_label)}</text>')
    out.append("</g>")
    return out


def _series(frame: _Frame, one: Series, colour: str, number: int) -> list[str]:
    points = sorted((d, v) for d, v in one.points if frame.start <= d <= frame.end)
    if not points:
        return []
    out = ['<g aria-hidden="true">']
    if one.kind == "line" and len(points) > 1:
        path = " ".join(f"{'M' if n == 0 else 'L'}{_f(frame.x(d))},{_f(frame.y(v))}" for n, (d, v) in enumerate(points))
        dash = ' stroke-dasharray="6 3"' if number % 2 else ""
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
    radius = 2.5 if one.kind == "line" else 3.5
    shape = "circle" if number % 2 == 0 else "rect"
    for d, v in points:
        x, y = frame.x(d), frame.y(v)
        if shape == "circle":
            out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{radius}" fill="{colour}"/>')
        else:
            out.append(f'<rect x="{_f(x - radius)}" y="{_f(y - radius)}" width="{_f(2 * radius)}" '
                       f'height="{_f(2 * radius)}" fill="{colour}"/>')
    out.append("</g>")
    return out


def _legend(frame: _Frame, series: Sequence[Series], band: Band | None, markers: Sequence[Marker]) -> list[str]:
    y = frame.height - 10
    x = float(MARGIN_LEFT)
    out = ['<g font-size="12" fill="#1b1f24" font-family="system-ui, sans-serif" aria-hidden="true">']
    entries = [(COLOURS[n % len(COLOURS)], s.label, "line") for n, s in enumerate(series)]
    if band is not None:
        entries.append(("#0b5cad", band.label, "band"))
    for kind in sorted({m.kind for m in markers}):
        entries.append((MARKER_COLOURS.get(kind, MARKER_COLOURS["decision"]), kind.capitalize(), "mark"))
    for colour, label, how in entries:
        if how == "band":
            out.append(f'<rect x="{_f(x)}" y="{y - 9}" width="16" height="10" fill="{colour}" fill-opacity="0.2"/>')
        elif how == "mark":
            out.append(f'<line x1="{_f(x + 8)}" y1="{y - 10}" x2="{_f(x + 8)}" y2="{y + 1}" stroke="{colour}" stroke-width="2"/>')
        else:
            out.append(f'<line x1="{_f(x)}" y1="{y - 4}" x2="{_f(x + 16)}" y2="{y - 4}" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{_f(x + 20)}" y="{y}">{escape(label)}</text>')
        x += 28 + 6.5 * len(label)
    out.append("</g>")
    return out


def data_table(series: Sequence[Series], caption: str = "The values in the chart") -> Markup:
    """The chart's numbers as a table (dates down, one column per series), for screen readers and
    for anyone who wants the exact values."""
    days = sorted({d for s in series for d, _ in s.points})
    by_series = [{d: v for d, v in s.points} for s in series]
    head = "".join(f'<th scope="col">{escape(s.label)}</th>' for s in series)
    rows = []
    for day in days:
        cells = "".join(f"<td>{values[day]:g}</td>" if day in values else "<td>-</td>" for values in by_series)
        rows.append(f'<tr><th scope="row">{day.isoformat()}</th>{cells}</tr>')
    return Markup(f'<div class="table-scroll"><table><caption>{escape(caption)}</caption>'
                  f'<thead><tr><th scope="col">Date</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
