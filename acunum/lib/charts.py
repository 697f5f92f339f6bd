"""Small SVG charts for result pages: drawn on the server, readable without colour.

Each bar carries its value as text, the two series differ by a pattern as well as by a shade, and
the chart has a title and a description for screen readers; the page shows the same figures in a
table next to it. No script, no third-party library: an SVG string for a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Pair:
    label: str  # what is measured: an objective
    before: float | None  # the mean before, or None when nobody answered
    after: float | None


WIDTH = 400  # about a phone's width: the text stays near its size from a phone to a desk
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
GAP = 14
LEFT = 8
VALUE_ROOM = 112  # for "Après : 4,2 / 5" at the end of the longest bar


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def progression_svg(
    pairs: list[Pair],
    *,
    scale_max: int,
    title: str,
    description: str,
    series: tuple[str, str],
    none: str,
    id: str = "chart",
) -> SafeString:
    """Paired horizontal bars, before (hatched) and after (solid), one pair per row.

    `series` names the two bars ("Avant", "Après"), written before each value too; `none` is
    written where nobody answered; `id` keeps two charts of one page apart.
    """
    row_height = LABEL_HEIGHT + 2 * BAR_HEIGHT + GAP
    legend_height = 28
    height = legend_height + row_height * len(pairs)
    span = WIDTH - LEFT - VALUE_ROOM
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img"'
            ' class="chart" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            height,
            id,
            id,
            id,
            title,
            id,
            description,
        ),
        format_html(
            '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f4e79" stroke-width="3"/></pattern>'
            "</defs>",
            id,
        ),
    ]
    fills = (f'fill="url(#{id}-hatch)" stroke="#1f4e79"', 'fill="#1f4e79" stroke="#1f4e79"')
    # The legend: a swatch of each series and its name.
    x = LEFT
    for name, fill in zip(series, fills, strict=True):
        parts.append(mark_safe(f'<rect x="{x}" y="6" width="16" height="14" {fill}/>'))
        parts.append(format_html('<text x="{}" y="18" class="chart-text">{}</text>', x + 22, name))
        x += 22 + 9 * len(name) + 24
    y = legend_height
    for pair in pairs:
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label">{}</text>', LEFT, y + 14, pair.label
            )
        )
        for i, (name, value) in enumerate(zip(series, (pair.before, pair.after), strict=True)):
            top = y + LABEL_HEIGHT + i * BAR_HEIGHT
            if value is None:
                text = f"{name} : {none}"
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" class="chart-text">{}</text>', LEFT, top + 13, text
                    )
                )
                continue
            length = max(1.0, span * value / scale_max)
            parts.append(
                mark_safe(
                    f'<rect class="chart-bar" x="{LEFT}" y="{top + 1}" width="{length:.1f}"'
                    f' height="{BAR_HEIGHT - 3}" {fills[i]}/>'
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-text">{}</text>',
                    f"{LEFT + length + 6:.1f}",
                    top + 13,
                    f"{name} : {_number(value)} / {scale_max}",
                )
            )
        y += row_height
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))
