"""Load the reviewed taxonomy -> Kith needs table shipped with the directory
(`data/need_map.csv`, see `domain/need_map.py`), or another one a deployment names."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from kith_directory.domain.need_map import NeedMap


def load_need_map(path: Path | None = None) -> NeedMap:
    if path is not None:
        text = path.read_text(encoding="utf-8-sig")
    else:
        text = resources.files("kith_directory").joinpath("data/need_map.csv").read_text("utf-8")
    return NeedMap.from_rows(csv.DictReader(io.StringIO(text)))
