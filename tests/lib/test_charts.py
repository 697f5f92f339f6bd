"""The progression chart: an SVG whose every figure is written out, readable without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from acunum.lib.charts import Pair, progression_svg


def chart(pairs, **extra):
    return progression_svg(
        pairs,
        scale_max=5,
        title="Progression par objectif",
        description="Moyenne des auto-évaluations avant et après la formation.",
        series=("Avant", "Après"),
        none="aucune réponse",
        **extra,
    )


def test_each_bar_writes_its_series_and_value_and_is_as_long_as_its_value():
    svg = chart([Pair("Objectif 1", 2.0, 4.0)])
    ET.fromstring(svg)  # well-formed
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert "Avant : 2,0 / 5" in texts and "Après : 4,0 / 5" in texts
    widths = [
        float(w) for w in re.findall(r'<rect class="chart-bar" x="8" y="\d+" width="([\d.]+)"', svg)
    ]
    assert widths[1] == 2 * widths[0]


def test_the_two_series_differ_by_pattern_not_only_by_shade():
    svg = chart([Pair("Objectif 1", 1.0, 3.0)])
    assert 'fill="url(#chart-hatch)"' in svg and 'fill="#1f4e79"' in svg


def test_a_series_nobody_answered_says_so_instead_of_a_bar():
    svg = chart([Pair("Objectif 2", None, 3.5)])
    assert "Avant : aucune réponse" in svg
    assert "Après : 3,5 / 5" in svg


def test_the_chart_is_an_image_named_by_its_title_and_description():
    svg = chart([Pair("Objectif 1", 2.0, 4.0)], id="progress")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "progress-title progress-desc"
    assert 'id="progress-hatch"' in svg


def test_labels_are_escaped():
    svg = chart([Pair("<script>alert(1)</script> & co", 1.0, 2.0)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)
