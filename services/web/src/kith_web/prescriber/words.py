"""Plain words for the codes a person's profile, matches and consents use."""

from __future__ import annotations

LANGUAGES = {
    "en": "English",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "pl": "Polish",
    "gu": "Gujarati",
    "ar": "Arabic",
    "ro": "Romanian",
    "so": "Somali",
    "ku": "Kurdish",
}
ACCESS = {
    "wheelchair": "Uses a wheelchair",
    "step-free": "Needs step-free access",
    "hearing-loop": "Needs a hearing loop",
    "bsl": "Uses British Sign Language",
}
FAITH = {
    "": "No preference",
    "faith-based": "Prefers faith-based groups",
    "not-faith-based": "Prefers groups that are not faith-based",
}
GROUPS = {
    "": "No preference",
    "women-only": "Women-only groups",
    "men-only": "Men-only groups",
}
PREFERENCES = {**{k: v for k, v in FAITH.items() if k}, **{k: v for k, v in GROUPS.items() if k}}
AGE_BANDS = {"": "Not recorded", "0-15": "15 or under", "16-17": "16 or 17", "18-24": "18 to 24",
             "25-34": "25 to 34", "35-44": "35 to 44", "45-54": "45 to 54", "55-59": "55 to 59",
             "60-64": "60 to 64", "65-74": "65 to 74", "75-84": "75 to 84",
             "85+": "85 or over"}  # fmt: skip
GENDERS = {"": "Not recorded", "female": "Woman", "male": "Man", "non-binary": "Non-binary"}
DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
        "SA": "Saturday", "SU": "Sunday"}  # fmt: skip
# Parts of the day the form offers, as the weekly windows matching compares sessions with.
TIMES = {"morning": ("Mornings (9am to 12 noon)", "09:00", "12:00"),
         "afternoon": ("Afternoons (12 noon to 5pm)", "12:00", "17:00"),
         "evening": ("Evenings (5pm to 9pm)", "17:00", "21:00")}  # fmt: skip
TRAVEL_KM = {"1": "Up to 1 km", "3": "Up to 3 km", "5": "Up to 5 km", "10": "Up to 10 km",
             "20": "Up to 20 km"}  # fmt: skip

CATEGORIES = {
    "PSEUDONYM": "your reference for them (never their name)",
    "HOME_AREA": "the neighbourhood they live in",
    "REFERRAL_REASON": "why they are being referred",
}
# the same, as read to the person
SAID_TO_THEM = {
    "PSEUDONYM": "our reference for you (never your name)",
    "HOME_AREA": "the neighbourhood you live in",
    "REFERRAL_REASON": "why we are referring you",
}
PURPOSES = {
    "REFERRAL": "referring them to services",
    "CARE_COORDINATION": "planning their care together (case meetings)",
}
METHODS = {
    "VERBAL": "They said yes, in person or on the phone",
    "WRITTEN": "They signed a form",
    "DIGITAL": "They agreed online",
}
EXPIRY_MONTHS = {"3": "3 months", "6": "6 months", "12": "12 months"}
CONSENT_STATUS = {"active": "Agreed", "withdrawn": "Withdrawn", "expired": "Expired"}
UNMET = {
    "no-provision": "no service in the directory meets it",
    "full": "the services that meet it are full",
    "too-far": "the services that meet it are too far away",
    "language": "no service that meets it speaks their language",
    "access": "no service that meets it has the access they need",
    "schedule": "no service that meets it runs at times they can go",
    "eligibility": "they are not eligible for the services that meet it",
}


def names(codes: list[str], words: dict[str, str]) -> list[str]:
    return [words.get(code, code) for code in codes]
