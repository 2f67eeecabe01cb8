"""Plain words for what the gateway returns as codes and numbers: deprivation tenths,
ethnic groups, age bands, dimensions, and a sentence per area and per equity finding."""

from __future__ import annotations

from typing import Any

GROUPS = {
    "white_british": "White British",
    "irish": "White Irish",
    "other_white": "Other White",
    "mixed": "Mixed or multiple ethnic groups",
    "indian": "Indian",
    "pakistani": "Pakistani",
    "bangladeshi": "Bangladeshi",
    "chinese": "Chinese",
    "other_asian": "Other Asian",
    "black_african": "Black African",
    "black_caribbean": "Black Caribbean",
    "other_black": "Other Black",
    "arab": "Arab",
    "other": "Any other ethnic group",
    "16-59": "Aged 16 to 59",
    "60+": "Aged 60 and over",
}
DIMENSIONS = {
    "imd-quintile": "Deprivation of where people live",
    "ethnicity": "Ethnic group",
    "age-band": "Age",
    "language": "Main language",
}
_QUINTILES = {
    "Q1": "Most deprived fifth of England",
    "Q2": "Second most deprived fifth",
    "Q3": "Middle fifth",
    "Q4": "Second least deprived fifth",
    "Q5": "Least deprived fifth of England",
}
LANGUAGES = {
    "en": "English", "ur": "Urdu", "pa": "Punjabi", "bn": "Bengali", "pl": "Polish",
    "gu": "Gujarati", "ar": "Arabic", "ro": "Romanian", "sk": "Slovak", "cs": "Czech",
    "so": "Somali", "ku": "Kurdish", "fa": "Persian", "ps": "Pashto", "zh": "Chinese",
}  # fmt: skip


def group_name(code: str) -> str:
    """A group's name in words; an unknown code is tidied rather than shown raw."""
    if code in GROUPS:
        return GROUPS[code]
    if code in _QUINTILES:
        return _QUINTILES[code]
    if code in LANGUAGES:
        return f"{LANGUAGES[code]} speakers"
    return code.replace("_", " ").replace("-", " to ").capitalize()


def dimension_name(code: str) -> str:
    return DIMENSIONS.get(code, code.replace("_", " ").capitalize())


def decile_words(decile: int) -> str:
    if decile == 1:
        return "most deprived 10% of England"
    if decile == 10:
        return "least deprived 10% of England"
    if decile <= 5:
        return f"among the {decile * 10}% most deprived in England (tenth {decile} of 10)"
    return f"among the {(11 - decile) * 10}% least deprived in England (tenth {decile} of 10)"


def area_sentence(row: dict[str, Any], place: str, reach_km: float) -> str:
    """One area in words, as shown on hover, focus and tap."""
    services = int(row["servicesWithinReach"])
    parts = [
        f"{row['name']} ({place}): {decile_words(int(row['imdDecile']))}",
        f"{int(row['population']):,} residents, about {row['estimatedChronicPain']:,.0f} adults"
        " living with chronic pain",
    ]
    if services == 0:
        parts.append(f"no service within {reach_km:g} km")
    else:
        parts.append(
            f"{services} service{'s' if services != 1 else ''} within {reach_km:g} km,"
            f" {row['provisionPer10k']:.1f} per 10,000 residents"
        )
        parts.append(f"about {row['gapScore']:,.0f} people with chronic pain per service")
    if row["priority"]:
        parts.append("a priority: deprived and less provision than most areas here")
    return "; ".join(parts) + "."
