"""The plain words people use for what they need, and for languages, days and times of day,
mapped onto the codes the directory stores (the Kith needs taxonomy, ISO 639-1 languages,
RFC 5545 weekday codes). English words only: the interface is translated, the search words
people type into it are matched in English and against listings' own text."""

from __future__ import annotations

# Kith need code -> words and phrases that mean it (lower case, longest phrases win).
NEED_WORDS: dict[str, tuple[str, ...]] = {
    "pain": ("pain", "back pain", "chronic pain", "aches", "arthritis", "fibromyalgia"),
    "sleep": ("sleep", "insomnia", "can't sleep", "cant sleep", "sleeping"),
    "low-mood": ("low mood", "depression", "depressed", "feeling low", "sad", "mental health"),
    "anxiety": ("anxiety", "anxious", "stress", "stressed", "panic", "worry", "worried"),
    "loneliness": ("lonely", "loneliness", "company", "friends", "friendship", "befriending"),
    "social-isolation": ("isolated", "isolation", "social group", "meet people", "coffee morning"),
    "bereavement": ("bereavement", "bereaved", "grief", "grieving", "loss", "death"),
    "physical-activity": ("exercise", "walking", "walk", "fitness", "sport", "yoga", "swimming"),
    "weight": ("weight", "healthy eating", "diet", "cooking", "nutrition"),
    "food": ("food", "food bank", "foodbank", "food parcel", "hungry", "meals", "pantry"),
    "debt": ("debt", "money", "benefits", "bills", "universal credit", "budgeting", "money advice"),
    "housing": ("housing", "homeless", "homelessness", "rent", "tenancy", "eviction", "repairs"),
    "employment": ("job", "jobs", "work", "employment", "training", "volunteering", "cv"),
    "carers": ("carer", "carers", "caring", "caring for"),
    "substance-use": ("alcohol", "drugs", "drinking", "gambling", "addiction"),
    "digital-inclusion": ("internet", "online", "computer", "digital", "laptop", "phone help"),
    "faith-support": ("faith", "spiritual", "church", "mosque", "prayer", "chaplain"),
    "daily-living": ("daily living", "personal care", "independence", "help at home"),
}

# ISO 639-1 code -> names people write (English and the language's own name).
LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("english",),
    "ur": ("urdu", "اردو"),
    "pa": ("punjabi", "panjabi", "ਪੰਜਾਬੀ", "پنجابی"),
    "bn": ("bengali", "bangla", "বাংলা"),
    "pl": ("polish", "polski"),
    "ar": ("arabic", "العربية"),
    "gu": ("gujarati",),
    "hi": ("hindi",),
    "ro": ("romanian",),
    "sk": ("slovak",),
    "cs": ("czech",),
    "ku": ("kurdish",),
    "fa": ("farsi", "persian"),
    "so": ("somali",),
    "ti": ("tigrinya",),
    "bsl": ("bsl", "sign language", "british sign language"),
}

DAY_WORDS: dict[str, tuple[str, ...]] = {
    "MO": ("monday", "mon", "mondays"),
    "TU": ("tuesday", "tue", "tues", "tuesdays"),
    "WE": ("wednesday", "wed", "wednesdays"),
    "TH": ("thursday", "thu", "thur", "thurs", "thursdays"),
    "FR": ("friday", "fri", "fridays"),
    "SA": ("saturday", "sat", "saturdays"),
    "SU": ("sunday", "sun", "sundays"),
}

# A part of the day stands for a moment in it (what "open at" compares).
PART_OF_DAY: dict[str, str] = {"morning": "10:00", "afternoon": "14:00", "evening": "18:30"}

WOMEN_ONLY = ("women only", "women-only", "womens group", "women's group", "for women", "ladies")
STEP_FREE = ("step free", "step-free", "wheelchair", "wheelchair access", "accessible", "no steps")
FREE = ("free", "free of charge", "no cost", "no charge")
NEAR_ME = ("near me", "nearby", "close to me", "around me")

# Words that only join the others ("help with food in Keighley on Monday").
FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "for",
        "help",
        "i",
        "in",
        "is",
        "me",
        "my",
        "need",
        "needed",
        "needs",
        "near",
        "of",
        "on",
        "or",
        "please",
        "the",
        "to",
        "with",
        "want",
        "some",
        "support",
        "service",
        "services",
        "group",
        "groups",
    ]
)
