"""ICBs for the lead's map: local authorities grouped by the sub-ICB outlines that hold their
areas, checked on a drawn case and on the real shipped boundaries (Greater Manchester)."""

from __future__ import annotations

from array import array

from kith_devstack.processes import REPO_ROOT
from kith_web.lead import icbs
from kith_web.lead.areas import Place, load


def _square(west: float, south: float, size: float) -> tuple[array[float], ...]:
    e, n = west + size, south + size
    return (array("d", [west, south, e, south, e, n, west, n]),)


def test_each_local_authority_goes_to_the_icb_holding_most_of_its_areas() -> None:
    sub_icbs = {
        "E38A": ("NHS North ICB - 01A", _square(0, 10, 10)),
        "E38B": ("NHS South ICB - 02B", _square(0, 0, 10)),
        "E38C": ("NHS South ICB - 03C", _square(10, 0, 10)),
    }
    lsoas = {
        "E01N1": _square(1, 11, 1),  # in the north
        "E01S1": _square(1, 1, 1),  # in the south (first sub-ICB)
        "E01S2": _square(11, 1, 1),  # in the south (second sub-ICB)
        "E01S3": _square(2, 8.5, 2),  # its centre (3, 9.5) is in the south, by a little
        "E01X": _square(50, 50, 1),  # outside every outline
    }
    places = {
        "E01N1": Place("North 001", "E08N", "Northtown"),
        "E01S1": Place("South 001", "E08S", "Southtown"),
        "E01S2": Place("South 002", "E08S", "Southtown"),
        "E01S3": Place("South 003", "E08S", "Southtown"),
        "E01X": Place("Far 001", "E08X", "Faraway"),
    }
    found = icbs.build(sub_icbs, lsoas, places)
    assert sorted(found) == ["icb-north", "icb-south"]
    south = found["icb-south"]
    assert south.name == "NHS South ICB"
    assert south.lads == ("E08S",)
    assert south.lsoas == ("E01S1", "E01S2", "E01S3")
    assert found["icb-north"].lsoas == ("E01N1",)


def test_a_hole_is_outside() -> None:
    outer = array("d", [0, 0, 10, 0, 10, 10, 0, 10])
    hole = array("d", [4, 4, 6, 4, 6, 6, 4, 6])
    assert icbs.contains((outer, hole), 2, 2)
    assert not icbs.contains((outer, hole), 5, 5)
    assert not icbs.contains((outer, hole), 11, 5)


def test_greater_manchester_on_the_shipped_boundaries() -> None:
    atlas = load(REPO_ROOT / "data" / "areas")
    gm = atlas.icbs["icb-greater-manchester"]
    assert gm.name == "NHS Greater Manchester ICB"
    assert gm.lads == tuple(f"E080000{n:02d}" for n in range(1, 11))  # its ten boroughs
    assert len(gm.lsoas) == 1673
    west_yorkshire = atlas.icbs["icb-west-yorkshire"]
    assert {"E08000032", "E07000163"} <= set(west_yorkshire.lads)  # Bradford and Craven
    assert len(atlas.icbs) == 42, "England's 42 integrated care boards"
