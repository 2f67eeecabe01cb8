"""The results map: markers parsed from the query (bad ones refused in words, never a 5xx),
drawn on the real LSOA boundaries around them, numbered as the list is."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_web.lead.areas import Atlas, load
from kith_web.public import resultsmap

SVG = "{http://www.w3.org/2000/svg}"
KEIGHLEY = "53.8671,-1.9065"
BRADFORD = "53.7960,-1.7594"


@pytest.fixture(scope="module")
def atlas(repo_root: Path) -> Atlas:
    return load(repo_root / "data" / "areas")


def test_markers_keep_the_list_numbers_and_share_a_point() -> None:
    markers = resultsmap.parse_markers([KEIGHLEY, "-", BRADFORD, KEIGHLEY])
    assert [(m.label, m.lat, m.lon) for m in markers] == [
        ("1, 4", 53.8671, -1.9065),
        ("3", 53.796, -1.7594),
    ]


@pytest.mark.parametrize(
    "points",
    [[], ["-"], ["north"], ["53.8,-1.7,2"], ["0,0"], ["40.7,-74.0"], [KEIGHLEY] * 21, ["nan,nan"]],
)
def test_points_it_cannot_draw_are_refused_in_words(points: list[str]) -> None:
    with pytest.raises(resultsmap.BadMarkers) as refused:
        resultsmap.parse_markers(points)
    assert str(refused.value)


@given(st.lists(st.text(max_size=30), max_size=25))
def test_any_query_is_either_markers_or_a_refusal(points: list[str]) -> None:
    try:
        markers = resultsmap.parse_markers(points)
    except resultsmap.BadMarkers:
        return
    assert 1 <= len(markers) <= resultsmap.MAX_MARKERS


def test_the_map_draws_areas_around_numbered_markers(atlas: Atlas) -> None:
    svg = resultsmap.render(atlas, resultsmap.parse_markers([KEIGHLEY, BRADFORD]), "Map of results")
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own drawing, not input)
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Map of results"
    numbers = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    assert numbers == ["1", "2"]
    areas = root.findall(f".//{SVG}g[@class='a']/{SVG}path")
    assert len(areas) > 20  # the LSOAs between and around Keighley and Bradford
    assert "Bradford" in [t.text for t in root.iter(f"{SVG}text")]
    assert "Open Government Licence" in svg
    # every marker is inside the picture
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    for circle in root.iter(f"{SVG}circle"):
        assert 0 < float(circle.get("cx", -1)) < width
        assert 0 < float(circle.get("cy", -1)) < height


def test_one_venue_gets_a_neighbourhood_not_a_dot(atlas: Atlas) -> None:
    svg = resultsmap.render(atlas, resultsmap.parse_markers([KEIGHLEY]), "Map")
    assert len(re.findall(r"<path ", svg)) > 5


def test_the_inline_map_outlines_the_home_area_in_view_and_has_no_style(atlas: Atlas) -> None:
    home = next(iter(atlas.lsoas))
    markers = resultsmap.numbered([(53.8671, -1.9065), None, (53.8671, -1.9065)])
    assert [m.label for m in markers] == ["1, 3"]
    svg = resultsmap.render_inline(atlas, markers, home, "Map of matches", "Numbered as listed.")
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own drawing, not input)
    assert root.findtext(f"{SVG}title") == "Map of matches"
    assert root.findtext(f"{SVG}desc") == "Numbered as listed."
    assert root.find(f"{SVG}style") is None  # the page's CSP allows no inline style
    outlined = root.findall(f"{SVG}path[@class='h']")
    assert len(outlined) == 1
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", outlined[0].get("d", ""))]
    assert numbers
    assert all(-1 <= x <= width + 1 for x in numbers[0::2])  # the home area is in the picture
    assert all(-1 <= y <= height + 1 for y in numbers[1::2])
    unknown = resultsmap.render_inline(atlas, markers, "E01999999", "Map", "No home.")
    assert "class='h'" not in unknown


def test_each_area_to_choose_is_a_named_link_to_its_control(atlas: Atlas) -> None:
    first, second = list(atlas.lsoas)[:2]
    choices = [(first, "Place 001A", "home_area"), ("E01999999", "Unknown", "home_area-2"),
               (second, "Place 001B", "home_area-3")]  # fmt: skip
    svg = resultsmap.render_choices(atlas, choices, "Map of areas", "Choose one.")
    assert svg is not None
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own drawing, not input)
    links = root.findall(f".//{SVG}a")
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [
        ("#home_area", "Place 001A on the map"),
        ("#home_area-3", "Place 001B on the map"),
    ]
    assert [a.findtext(f"{SVG}text") for a in links] == ["001A", "001B"]
    assert root.find(f"{SVG}style") is None
    assert resultsmap.render_choices(atlas, choices[1:2], "Map", "None known.") is None
