"""The timeline chart: a person's values against their own baseline band, readable without sight."""

import re
from datetime import date, timedelta

from rehab.web.pages.charts import Band, Marker, Series, data_table, timeline

START = date(2026, 10, 1)
END = date(2026, 10, 29)


def _pain():
    return Series("Pain", [(START + timedelta(days=n), 3 + n % 3) for n in range(0, 29, 2)])


def _circles(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)]


def test_every_value_is_drawn_inside_the_plot_and_higher_pain_is_higher_up():
    svg = str(timeline("Pain", [_pain()], start=START, end=END))
    points = _circles(svg)
    assert len(points) == 15
    assert all(44 <= x <= 720 - 12 and 16 <= y <= 260 - 46 for x, y in points)
    by_value = {v: y for (_, v), (_, y) in zip(_pain().points, points)}
    assert by_value[5] < by_value[4] < by_value[3]  # SVG y grows downwards


def test_the_personal_baseline_band_and_events_are_drawn_and_described():
    svg = str(timeline("Pain", [_pain()], start=START, end=END, band=Band(2.5, 4.5, "Your usual range"),
                       markers=[Marker(date(2026, 10, 10), "Flare declared", "flare"),
                                Marker(date(2026, 12, 1), "After the chart", "decision")]))
    assert "<title>Your usual range</title>" in svg
    assert "2026-10-10: Flare declared" in svg
    assert "After the chart" not in svg  # outside the dates shown
    assert re.search(r'<desc id="c[0-9a-f]{8}-d">From 2026-10-01 to 2026-10-29\. Pain: 15 values\. '
                     r'Your usual range: 2\.5 to 4\.5\. 2 events marked\.</desc>', svg)
    assert 'role="img"' in svg


def test_values_beyond_the_scale_are_held_at_its_edge_not_drawn_off_the_chart():
    svg = str(timeline("Pain", [Series("Pain", [(START, 14.0), (END, -3.0)])], start=START, end=END))
    (_, top), (_, bottom) = _circles(svg)
    assert top == 16.0 and bottom == 260 - 46


def test_labels_are_escaped():
    svg = str(timeline("<script>", [Series("a & b", [(START, 1)])], start=START, end=END))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_the_same_numbers_are_given_as_a_table():
    html = str(data_table([_pain(), Series("Next morning", [(START, 6)])]))
    assert html.count("<tr>") == 16  # header and 15 days
    assert '<th scope="row">2026-10-01</th><td>3</td><td>6</td>' in html
    assert '<th scope="row">2026-10-03</th><td>5</td><td>-</td>' in html
