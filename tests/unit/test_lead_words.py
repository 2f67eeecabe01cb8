"""The equity audit's words, CSV, PDF and forest plot (SVG and PNG), and the gap map's
drawing, from a gateway answer (pure functions: no stack needed)."""

from __future__ import annotations

import io
import re
import zlib
from array import array
from html import unescape
from typing import Any

from fontTools.ttLib import TTFont
from kith_web.lead import choropleth, equity, pdf, picture
from kith_web.lead.areas import Atlas, Place
from kith_web.lead.words import group_name
from PIL import Image

AUDIT: dict[str, Any] = {
    "__typename": "EquityAudit",
    "name": "Bradford",
    "suppressionThreshold": 10,
    "attribution": "Contains public sector information licensed under the OGL v3.0.",
    "dimensions": [
        {"dimension": "ethnicity", "recorded": 900, "notRecorded": 120, "groups": [
            {"group": "pakistani", "people": 140, "share": 0.155, "populationShare": 0.204,
             "referralRatio": {"value": 0.76, "low": 0.70, "high": 0.83, "significantlyLow": True}},
            {"group": "white_british", "people": 600, "share": 0.66, "populationShare": 0.64,
             "referralRatio": {"value": 1.03, "low": 0.98, "high": 1.08, "significantlyLow": False}},
            {"group": "arab", "people": None, "share": None, "populationShare": 0.004,
             "referralRatio": None},
        ]},
        {"dimension": "imd-quintile", "recorded": 1000, "notRecorded": None, "groups": [
            {"group": "Q1", "people": 500, "share": 0.5, "populationShare": 0.4,
             "referralRatio": {"value": 1.25, "low": 1.1, "high": 1.4, "significantlyLow": False}},
        ]},
    ],
}  # fmt: skip
TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")  # what is drawn (not the <title>)
VIEWBOX = re.compile(r"viewBox='0 0 ([\d.]+) ([\d.]+)'")


def test_findings_are_sentences_with_the_clearest_first() -> None:
    found = equity.findings(AUDIT)
    assert found[0].sentence == (
        "Pakistani: 15.5% of people referred against 20.4% of residents — referred 0.76 times"
        " as often; 95% CI 0.70 to 0.83; significantly fewer."
    )
    assert found[1].verdict == "significantly more"
    assert found[1].group == "Most deprived fifth of England"
    arab = next(f for f in found if f.group == "Arab")
    assert "[c] fewer than 10 people referred, hidden to protect them" in arab.sentence
    assert group_name("gu") == "Gujarati speakers"
    assert group_name("white_british") == "White British"


def test_not_recorded_and_csv_say_what_is_hidden() -> None:
    dims = AUDIT["dimensions"]
    assert equity.not_recorded(dims[0], 10).startswith("Ethnic group not recorded for 120 people")
    assert "[c] fewer than 10" in equity.not_recorded(dims[1], 10)
    body = equity.as_csv(AUDIT)
    assert "Ethnic group,Arab,[c]," in body
    assert "Ethnic group,Pakistani,140,0.1550,0.2040,0.760,0.700,0.830,significantly fewer" in body


def test_the_pdf_has_a_marking_page_numbers_and_the_findings() -> None:
    made = pdf.render(AUDIT)
    assert made.startswith(b"%PDF")
    text = b"".join(
        zlib.decompress(chunk.split(b"stream\n", 1)[1].split(b"endstream", 1)[0].strip())
        for chunk in made.split(b"obj")
        if b"/FlateDecode" in chunk and b"stream\n" in chunk and b"/Length1" not in chunk
    )
    assert b"OFFICIAL" in text
    assert b"Page 1 of" in text
    assert b"Pakistani" in text


def test_the_map_draws_each_area_as_a_link_with_its_words() -> None:
    square = array("d", [-1.8, 53.8, -1.7, 53.8, -1.7, 53.9, -1.8, 53.9])
    atlas = Atlas({"E01": (square,)}, {}, {"E01": Place("Bradford 001", "E08", "Bradford")},
                  {"E08": "Bradford"}, {})  # fmt: skip
    area = choropleth.MapArea("E01", "Bradford 001A: most deprived", None, True, "Bradford",
                              "Bradford 001", 1500.0, -1.75, 53.85, True)  # fmt: skip
    svg = choropleth.render([area], atlas, "Gap map of Bradford")
    assert "<a href='#area-E01' tabindex='0' aria-label=\"Bradford 001A: most deprived\">" in svg
    assert f"fill='{choropleth.NO_SERVICE}'" in svg
    assert ">Bradford</text>" in svg
    assert ">Bradford 001</text>" in svg
    assert "Crown copyright" in svg


def _forest() -> str:
    return equity.forest(equity.findings(AUDIT), "Who is referred in Bradford: ratios")


def test_every_letter_of_the_forest_plot_is_in_the_fonts_shipped_for_its_png() -> None:
    """resvg reads no system fonts: a character missing from lead/fonts (the ← and → the plot
    once had) would be an empty box in the PNG."""
    drawn = unescape("".join(TEXT.findall(_forest())))
    assert "Referred less often" in drawn
    assert "Referred more often" in drawn
    for font in sorted(picture.FONTS.glob("*.ttf")):
        cmap = set(TTFont(font).getBestCmap())
        missing = {c for c in drawn if not c.isspace() and ord(c) not in cmap}
        assert not missing, (font.name, missing)


def test_the_forest_plot_rasterises_as_the_gap_map_does() -> None:
    svg = _forest()
    raster = Image.open(io.BytesIO(picture.png(svg)))
    raster.load()  # decodes every pixel: a truncated or corrupt PNG fails here
    assert raster.format == "PNG"
    width, height = (float(v) for v in VIEWBOX.search(svg).groups())  # type: ignore[union-attr]
    assert raster.size == (round(width * picture.ZOOM), round(height * picture.ZOOM))
    rgb = raster.convert("RGB")
    colours = {c for _, c in rgb.getcolors(maxcolors=1 << 24) or []}
    assert (255, 255, 255) in colours, "a white background, not a transparent one"
    assert (0xD5, 0x28, 0x1B) in colours, "a red dot: significantly fewer"
    assert (0x00, 0x5E, 0xB8) in colours, "a blue dot: the others"
    band = rgb.crop((0, 0, rgb.width, 20 * picture.ZOOM))  # the two words above the plot
    dark = [x for x in range(band.width) for y in range(band.height)
            if sum(band.getpixel((x, y))) < 200]  # type: ignore[arg-type]  # fmt: skip
    assert dark, "the words above the plot are drawn"
    assert min(dark) < rgb.width / 2 < max(dark), "at the left and at the right"
