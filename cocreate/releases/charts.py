"""Charts for the report summary, drawn on the server as inline SVG.

No JavaScript and no chart library: a chart is a few dozen SVG elements
whose colours are classes styled by app.css (`.chart-…`, with the site's
colour variables, so they follow the light and dark themes), with every
number written beside its bar or point, a `<title>` for screen readers and
a `viewBox` small enough that the text stays readable on a phone. Labels are
escaped; Chinese ones take the page's font.
"""

from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .queries.reports import ScoreBar, TrendPoint

SCORE_WIDTH = 320
SCORE_ROW = 30
TREND_WIDTH = 360
TREND_HEIGHT = 240
PLOT_TOP = 34
PLOT_BOTTOM = 180
# About how wide a character of a version label is, in viewBox units.
LABEL_CHAR_WIDTH = 6.2


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, label: str, body: list[str], css_class: str) -> SafeString:
    return mark_safe(  # noqa: S308  # every label in `body` went through escape()
        f'<svg class="chart {css_class}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def score_chart(bars: Sequence[ScoreBar]) -> SafeString:
    """How many reports gave each score, 5 at the top: one bar a score, its
    length the share of reports, its count and share written after it."""
    label_width, value_width = 44, 78
    track = SCORE_WIDTH - label_width - value_width
    body = []
    for row, bar in enumerate(bars):
        y = row * SCORE_ROW
        length = max(track * bar.percent / 100, 2 if bar.count else 0)
        body.append(
            f'<text class="chart-label" x="0" y="{y + 19}">{bar.score} ★</text>'
            f'<rect class="chart-track" x="{label_width}" y="{y + 7}" width="{track}" '
            f'height="16" rx="8"/>'
            f'<rect class="chart-bar chart-score-{bar.score}" x="{label_width}" y="{y + 7}" '
            f'width="{length:.1f}" height="16" rx="8"/>'
            f'<text class="chart-value" x="{SCORE_WIDTH}" y="{y + 19}" text-anchor="end">'
            f"{bar.count} · {_number(bar.percent)}%</text>"
        )
    counts = ", ".join(
        _("%(score)d stars: %(count)d") % {"score": bar.score, "count": bar.count} for bar in bars
    )
    label = _("Scores given: %(counts)s") % {"counts": counts}
    return _svg(SCORE_WIDTH, SCORE_ROW * len(bars), label, body, "chart-scores")


def _version_lines(version: str) -> tuple[str, str]:
    """A version on two lines where it has a suffix: 3.3.0 / beta.1."""
    head, _dash, tail = version.partition("-")
    return head[:10], tail[:10]


def trend_chart(points: Sequence[TrendPoint]) -> SafeString:
    """The last releases of a channel, oldest first: a column for each one's
    response rate (0–100%) and a line through their average scores (1–5),
    each labelled with its value and, below, the release's version."""
    left, right = 8, TREND_WIDTH - 8
    plot = PLOT_BOTTOM - PLOT_TOP
    step = (right - left) / max(len(points), 1)
    column = min(34.0, step * 0.6)
    body = [
        f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        for y in (PLOT_TOP, PLOT_TOP + plot / 2, PLOT_BOTTOM)
    ]
    body.append(
        f'<rect class="chart-column" x="{left}" y="4" width="12" height="12" rx="3"/>'
        f'<text class="chart-legend" x="{left + 17}" y="14">{escape(_("Response rate"))}</text>'
        f'<circle class="chart-point" cx="{left + 126}" cy="10" r="5"/>'
        f'<text class="chart-legend" x="{left + 136}" y="14">{escape(_("Average score"))}</text>'
    )
    widest = max((len(max(_version_lines(p.version), key=len)) for p in points), default=0)
    crowded = widest * LABEL_CHAR_WIDTH > step
    line = []
    for index, point in enumerate(points):
        middle = left + step * index + step / 2
        current = " chart-current" if point.current else ""
        if point.response_rate is not None:
            rate = min(point.response_rate, 100.0)
            height = max(plot * rate / 100, 1.5)
            top = PLOT_BOTTOM - height
            body.append(
                format_html(
                    '<rect class="chart-column{}" x="{}" y="{}" width="{}" height="{}" rx="4"/>'
                    '<text class="chart-value chart-rate" x="{}" y="{}" text-anchor="middle">'
                    "{}%</text>",
                    current,
                    f"{middle - column / 2:.1f}",
                    f"{top:.1f}",
                    f"{column:.1f}",
                    f"{height:.1f}",
                    f"{middle:.1f}",
                    PLOT_BOTTOM - 6,
                    round(point.response_rate),
                )
            )
        if point.average is not None:
            y = PLOT_BOTTOM - plot * (point.average - 1) / 4
            line.append((middle, y, point.average, current))
        head, tail = _version_lines(point.version)
        # Versions wider than their column take turns on two rows.
        row = 13 * (index % 2) if crowded else 0
        body.append(
            format_html(
                '<text class="chart-label{}" x="{}" y="{}" text-anchor="middle">{}'
                '<tspan x="{}" dy="13">{}</tspan></text>',
                current,
                f"{middle:.1f}",
                PLOT_BOTTOM + 16 + row,
                head,
                f"{middle:.1f}",
                tail,
            )
        )
    if len(line) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _average, _current in line)
        body.append(f'<polyline class="chart-line" points="{path}"/>')
    for x, y, average, current in line:
        body.append(
            f'<circle class="chart-point{current}" cx="{x:.1f}" cy="{y:.1f}" r="5"/>'
            f'<text class="chart-value chart-average" x="{x:.1f}" y="{y - 9:.1f}" '
            f'text-anchor="middle">{_number(average)}</text>'
        )
    described = "; ".join(
        _("%(version)s: average %(average)s, response rate %(rate)s")
        % {
            "version": point.version,
            "average": "—" if point.average is None else _number(point.average),
            "rate": "—" if point.response_rate is None else f"{_number(point.response_rate)}%",
        }
        for point in points
    )
    label = _("Trend over the last releases: %(points)s") % {"points": described}
    return _svg(TREND_WIDTH, TREND_HEIGHT, label, body, "chart-trend")
