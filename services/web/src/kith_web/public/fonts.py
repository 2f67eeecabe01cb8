"""The public pages' fonts: Noto (SIL Open Font License) from the pinned @fontsource npm
packages, subset with fontTools to the characters the pages need, written to
`static/public/fonts/` with the `fonts.css` that declares them. Run after changing a
translation (a test fails while a catalogue has a character its font lacks):

    uv run python -m kith_web.public.fonts

Each language's pages use the stack its `<html>` class names (public.css): the Latin faces
first (listings and names are in English), then its script's face, then "Kith Names", whose
tiny faces hold only the language names the switcher and the language menus show in their own
scripts, so an English page never downloads a whole Urdu font to draw "اردو"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from fontTools import subset
from fontTools.ttLib import TTFont

from kith_web.config import DEFAULT_NODE_MODULES, PACKAGE_DIR
from kith_web.public import i18n

OUT = PACKAGE_DIR / "static" / "public" / "fonts"
URL = "/static/kith/public/fonts"
SOURCES = DEFAULT_NODE_MODULES / "@fontsource"
# The language names shown in their own scripts on every public page (switcher, menus).
NAMES = ("اردو", "العربية", "ਪੰਜਾਬੀ", "বাংলা", "ગુજરાતી", "Polski")
LATIN = (
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
    + list("\u0131\u0152\u0153\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u20ac\u2122")
)  # fmt: skip
# Latin Extended-A (Polish ą ć ę ł ń ś ź ż), but for the three the Latin face has.
LATIN_EXT = [chr(c) for c in range(0x100, 0x180) if chr(c) not in LATIN]
SCRIPTS = {  # a script's Unicode blocks (and the joiners its shaping needs)
    "arabic": "U+0600-06FF, U+0750-077F, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF",
    "gurmukhi": "U+0964-0965, U+0A00-0A7F, U+200C-200D",
    "bengali": "U+0964-0965, U+0980-09FF, U+200C-200D",
    "gujarati": "U+0A80-0AFF",
}


@dataclass(frozen=True)
class Face:
    family: str
    source: str  # a file of an @fontsource package
    weight: int
    name: str  # the subset's file name (without .woff2)
    unicode_range: str
    local: tuple[str, ...] = ()  # installed fonts the browser prefers to downloading this one

    @property
    def url(self) -> str:
        return f"{URL}/{self.name}.woff2"

    @property
    def path(self) -> Path:
        return OUT / f"{self.name}.woff2"


def _ranges(chars: str) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(set(chars)))


@cache
def catalogue_text(code: str) -> str:
    """Every translated string of a language (English: the template's msgids)."""
    name = "public.pot" if code == "en" else f"{code}/LC_MESSAGES/public.po"
    with (i18n.HERE / name).open("rb") as raw:
        catalog = read_po(raw, locale=None if code == "en" else code)
    return "".join(str(m.string or m.id) for m in catalog if m.id)


def script_text(code: str, script: str) -> str:
    """The characters of a language's catalogue in a script's blocks, and its names."""
    text = catalogue_text(code) + "".join(NAMES)
    return "".join(sorted({c for c in text if _in_script(c, script)}))


def _in_script(char: str, script: str) -> bool:
    for part in SCRIPTS[script].split(", "):
        low, _, high = part[2:].partition("-")
        if int(low, 16) <= ord(char) <= int(high or low, 16):
            return True
    return False


def _latin(family: str, weight: int) -> list[Face]:
    latin = (
        "U+0000-00FF, U+0131, U+0152-0153, U+2013-2014, U+2018-201E, U+2022, U+2026, U+20AC, U+2122"
    )
    return [
        Face(family, f"noto-sans/files/noto-sans-latin-{weight}-normal.woff2", weight,
             f"kith-latin-{weight}", latin),
        Face(family, f"noto-sans/files/noto-sans-latin-ext-{weight}-normal.woff2", weight,
             f"kith-latin-ext-{weight}", "U+0100-0130, U+0132-0151, U+0154-017F"),
    ]  # fmt: skip


def _script(family: str, package: str, script: str, weight: int) -> Face:
    source = f"{package}/files/{package}-{script}-{weight}-normal.woff2"
    local = NASTALIQ if script == "arabic" else ()
    return Face(family, source, weight, f"kith-{script}-{weight}", SCRIPTS[script], local)


def _names(script: str, package: str) -> Face:
    chars = "".join(c for c in "".join(NAMES) if _in_script(c, script))
    source = f"{package}/files/{package}-{script}-400-normal.woff2"
    return Face("Kith Names", source, 400, f"kith-names-{script}", _ranges(chars))


SCRIPT_FACES = {  # language -> (its family, the script of its strings)
    "ur": ("Kith Urdu", "noto-naskh-arabic", "arabic"),
    "pa": ("Kith Gurmukhi", "noto-sans-gurmukhi", "gurmukhi"),
    "bn": ("Kith Bengali", "noto-sans-bengali", "bengali"),
}
# Urdu is written in Nastaliq, but a Nastaliq subset keeps ~95 KB of shaping tables: a phone that
# has Noto Nastaliq Urdu installed (Android, iOS) draws with it and downloads nothing; any other
# downloads a ~10 KB Naskh subset. One weight (synthetic bold), so headings match the body.
NASTALIQ = ("Noto Nastaliq Urdu", "Noto Nastaliq Urdu Regular", "NotoNastaliqUrdu-Regular")
# Bengali's conjuncts make each weight ~35 KB: a second one put its results page over 150 KB,
# so its bold is synthetic too. Gurmukhi's bold costs 8 KB and is kept.
WEIGHTS = {"arabic": (400,), "gurmukhi": (400, 700), "bengali": (400,)}
FACES: tuple[Face, ...] = (
    *_latin("Kith Sans", 400), *_latin("Kith Sans", 700),
    *(_script(f, p, s, w) for f, p, s in SCRIPT_FACES.values() for w in WEIGHTS[s]),
    _names("arabic", "noto-naskh-arabic"), _names("gurmukhi", "noto-sans-gurmukhi"),
    _names("bengali", "noto-sans-bengali"), _names("gujarati", "noto-sans-gujarati"),
)  # fmt: skip


def faces_for(code: str) -> list[Face]:
    """The faces a language's pages draw with (its CSS stack, in order)."""
    script = SCRIPT_FACES.get(code)
    families = ("Kith Sans", script[0] if script else "", "Kith Names")
    return [f for family in families for f in FACES if f.family == family]


def wanted(face: Face) -> str:
    """The characters a face's subset keeps."""
    if face.family == "Kith Sans":
        return "".join(LATIN if "ext" not in face.name else LATIN_EXT)
    if face.family == "Kith Names":
        return "".join(c for c in "".join(NAMES) if c in _range_chars(face.unicode_range))
    code = next(c for c, (family, _p, _s) in SCRIPT_FACES.items() if family == face.family)
    return script_text(code, SCRIPT_FACES[code][2])


def _range_chars(ranges: str) -> set[str]:
    return {chr(int(part[2:], 16)) for part in ranges.split(", ")}


def coverage(path: Path) -> set[str]:
    """The characters a font file has glyphs for (its cmap)."""
    with TTFont(path) as font:
        return {chr(c) for c in font.getBestCmap()}


def build(face: Face) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep every shaping feature: joining, conjuncts, marks
    options.name_IDs = ["*"]  # keep the copyright and the licence in the file
    font = subset.load_font(str(SOURCES / face.source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=wanted(face))
    subsetter.subset(font)
    subset.save_font(font, str(face.path), options)


def stylesheet() -> str:
    return "".join(
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; font-display: swap;'
        f" src: {_sources(f)}; unicode-range: {f.unicode_range}; }}\n"
        for f in FACES
    )


def _sources(face: Face) -> str:
    installed = "".join(f'local("{name}"), ' for name in face.local)
    return f'{installed}url("{face.url}") format("woff2")'


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        build(face)
        print(f"{face.path.name}: {face.path.stat().st_size} bytes")
    write_stylesheet()


def write_stylesheet() -> None:
    header = "/* Written by `python -m kith_web.public.fonts`: do not edit. */\n"
    (OUT / "fonts.css").write_text(header + stylesheet())


if __name__ == "__main__":
    main()
