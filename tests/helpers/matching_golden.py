"""A small hand-made directory around real LSOAs, for golden matching scenarios.

Each service is a valid ORUK 3.0 record imported through the real importer, placed at a
known distance from the centre of a real LSOA, so a scenario can say "0.8 km" and mean it.
Scenarios are drawn from situations practitioners describe (see the issue).
"""

from __future__ import annotations

import math
import uuid
from typing import Any

# (lat, lon, msoa, lad) of the LSOA centres used, from data/areas (ONS, IMD 2019).
MANNINGHAM = "E01010841"  # Bradford 034E, IMD decile 1
GRASSINGTON = "E01027567"  # Craven 002B, rural Upper Wharfedale
HOLME_WOOD = "E01010820"  # Bradford 052C, IMD decile 1
CENTRES = {
    MANNINGHAM: (53.80460, -1.76661),
    GRASSINGTON: (54.08330, -1.97427),
    HOLME_WOOD: (53.77130, -1.70790),
}
BRADFORD_LAD, CRAVEN_LAD = "E08000032", "E07000163"
NEEDS_TAXONOMY_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "kith-tests/needs"))
NEED_CODES = [
    "pain",
    "sleep",
    "low-mood",
    "anxiety",
    "loneliness",
    "social-isolation",
    "debt",
    "food",
    "housing",
    "carers",
    "physical-activity",
    "faith-support",
    "substance-use",
    "employment",
]


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kith-tests/matching/{name}"))


def at(home: str, north_km: float, east_km: float = 0.0) -> tuple[float, float]:
    lat, lon = CENTRES[home]
    return (
        round(lat + north_km / 111.2, 6),
        round(lon + east_km / (111.2 * math.cos(math.radians(lat))), 6),
    )


def _need(code: str, key: str) -> dict[str, Any]:
    return {
        "id": uid(f"{key}/need/{code}"),
        "link_type": "need",
        "taxonomy_term": {
            "id": uid(f"need/{code}"),
            "name": code.replace("-", " ").capitalize(),
            "description": f"Need: {code}",
            "taxonomy": "Kith needs",
            "taxonomy_id": NEEDS_TAXONOMY_ID,
            "term": code,
        },
    }


def _location(
    key: str, where: tuple[float, float] | None, access: tuple[str, ...]
) -> dict[str, Any]:
    if where is None:
        return {"id": uid(f"{key}/loc"), "location_type": "virtual", "name": "Online"}
    return {
        "id": uid(f"{key}/loc"),
        "location_type": "physical",
        "name": f"Venue of {key}",
        "latitude": where[0],
        "longitude": where[1],
        "accessibility": [
            {"id": uid(f"{key}/access/{code}"), "description": code, "kith_access": code}
            for code in access
        ],
    }


def svc(
    key: str,
    name: str,
    needs: str,
    where: tuple[float, float] | None,
    text: str,
    *,
    org: str | None = None,
    languages: str = "en",
    byday: str = "MO,TU,WE,TH,FR",
    hours: tuple[str, str] = ("10:00", "12:00"),
    capacity: str = "open",
    access: tuple[str, ...] = ("step-free", "wheelchair"),
    gender: str | None = None,
    ages: tuple[int | None, int | None] = (None, None),
    covers: tuple[str, ...] = (),
    status: str = "active",
    kind: str = "community-centre",
) -> dict[str, Any]:
    sid = uid(key)
    record: dict[str, Any] = {
        "id": sid,
        "name": name,
        "description": text,
        "status": status,
        "last_modified": "2026-10-01T09:00:00Z",
        "organization": {
            "id": uid(f"org/{org or key}"),
            "name": org or f"{name} (org)",
            "description": "A community organisation (test data).",
        },
        "service_at_locations": [
            {"id": uid(f"{key}/sal"), "location": _location(key, where, access)}
        ],
        "schedules": [
            {
                "id": uid(f"{key}/schedule"),
                "freq": "WEEKLY",
                "byday": byday,
                "opens_at": hours[0],
                "closes_at": hours[1],
            }
        ],
        "languages": [
            {"id": uid(f"{key}/lang/{c}"), "code": c, "name": c} for c in languages.split()
        ],
        "service_areas": [{"id": uid(f"{key}/area"), "kith_area_codes": list(covers)}],
        "attributes": [_need(code, key) for code in needs.split()],
        "service_capacity": [
            {
                "id": uid(f"{key}/cap"),
                "unit": "places",
                "available": 0 if capacity != "open" else 6,
                "maximum": 12,
            }
        ],
        "kith_capacity_status": capacity,
        "kith_kind": kind,
        "kith_eligibility": {"gender": gender},
    }
    if ages[0] is not None:
        record["minimum_age"] = ages[0]
    if ages[1] is not None:
        record["maximum_age"] = ages[1]
    return record


def directory() -> list[dict[str, Any]]:
    m, g, h = MANNINGHAM, GRASSINGTON, HOLME_WOOD
    return [
        # --- Manningham: women, sleep, loneliness, faith, language --------------------------
        svc(
            "sisters-cafe",
            "Sisters Together Wellbeing Cafe",
            "social-isolation loneliness low-mood",
            at(m, 0.8),
            "A women-only space to relax, share experiences, chat over tea and make "
            "friends, with wellbeing activities and gentle exercise.",
            languages="en ur pa",
            byday="TU",
            gender="female",
            kind="womens-group",
        ),
        svc(
            "sleep-course",
            "Sleep Well Course (Manningham)",
            "sleep anxiety",
            at(m, -1.2),
            "A six-week course to improve your sleep: routines, relaxation and ways to quiet a "
            "busy mind at night.",
            languages="en ur",
            byday="WE",
            kind="talking-therapy",
        ),
        svc(
            "coffee-morning",
            "Warm Space Coffee Morning",
            "loneliness social-isolation",
            at(m, 0.0, 0.5),
            "A friendly drop-in with free hot drinks and someone to chat to.",
            byday="MO",
        ),
        svc(
            "masjid-circle",
            "Women's Circle at Jamia Masjid",
            "faith-support social-isolation loneliness",
            at(m, 1.5),
            "A women-only group for conversation, study and mutual support, with "
            "prayer and spiritual guidance if you would like them.",
            languages="en ur",
            byday="TH",
            hours=("13:00", "15:00"),
            gender="female",
            kind="faith-group",
        ),
        svc(
            "sleep-far",
            "Sleep Clinic at Shipley",
            "sleep",
            at(m, 4.0),
            "Help with poor sleep from a nurse-led clinic.",
            languages="en ur",
            byday="TU",
        ),
        svc(
            "sleep-full",
            "Women's Rest & Sleep Group",
            "sleep loneliness",
            at(m, 1.0),
            "A women-only relaxation and sleep group.",
            languages="ur",
            byday="TU",
            capacity="closed",
            gender="female",
        ),
        svc(
            "mens-shed-bd",
            "Manningham Men's Shed",
            "loneliness low-mood social-isolation",
            at(m, 1.0, 0.3),
            "A workshop where men make and mend things in wood and metal and have a chat.",
            gender="male",
            ages=(18, None),
            kind="mens-shed",
        ),
        svc(
            "pain-peer",
            "Living with Pain Peer Group",
            "pain loneliness low-mood",
            at(m, -1.0),
            "Run by and for people living with chronic pain: pacing, flare-ups and sleep.",
            languages="en ur",
            byday="WE",
            kind="peer-support",
        ),
        svc(
            "rp-faith",
            "Rethinking Pain: Beliefs, Spirituality, Faith & Pain",
            "pain faith-support",
            at(m, 1.6),
            "Explore how your beliefs, faith or spirituality shape how you live with "
            "pain; for people of all faiths and none.",
            org="Rethinking Pain",
            byday="TU",
            hours=("13:00", "15:00"),
            ages=(18, None),
            kind="rethinking-pain",
            covers=(BRADFORD_LAD, CRAVEN_LAD),
        ),
        svc(
            "rp-moving",
            "Rethinking Pain: Keeping Active & Safe Movement",
            "pain physical-activity",
            at(m, 1.7),
            "Gentle, guided movement with a physiotherapist to build strength and feel "
            "safer being active.",
            org="Rethinking Pain",
            byday="TH",
            ages=(18, None),
            kind="rethinking-pain",
            covers=(BRADFORD_LAD, CRAVEN_LAD),
        ),
        svc(
            "polish-advice",
            "Polska Porada: Polish Community Advice",
            "debt employment",
            at(m, 2.5),
            "Free advice with debts, benefits and work, in Polish and English.",
            languages="pl en",
            kind="debt-advice",
        ),
        svc(
            "young-adults",
            "Young Adults' Wellbeing Group",
            "low-mood anxiety loneliness",
            at(m, 1.1),
            "A relaxed evening group for young adults feeling low, anxious or isolated.",
            byday="TH",
            hours=("18:00", "20:00"),
            ages=(16, 25),
            kind="peer-support",
        ),
        svc(
            "lunch-club",
            "Over-60s Lunch Club",
            "loneliness food",
            at(m, 0.9),
            "A hot lunch and good company every week for older people.",
            byday="WE",
            ages=(60, None),
        ),
        svc(
            "carers-evening",
            "Carers' Evening Support Group",
            "carers loneliness",
            at(m, 1.3),
            "An evening get-together for unpaid carers.",
            byday="TU",
            hours=("18:30", "20:30"),
            kind="carers-group",
        ),
        svc(
            "carers-day",
            "Carers' Relaxation Sessions",
            "carers anxiety",
            at(m, 0.7),
            "Relaxation sessions for unpaid carers, daytime.",
            byday="WE",
            kind="carers-group",
        ),
        svc(
            "bsl-group",
            "Deaf Wellbeing Group",
            "loneliness low-mood",
            at(m, 1.4),
            "A social group run in British Sign Language.",
            languages="en bfi",
            byday="FR",
        ),
        svc(
            "recovery-cafe",
            "Recovery Cafe",
            "substance-use loneliness",
            at(m, 0.6),
            "A friendly alcohol- and drug-free space to meet people in recovery.",
            byday="FR",
            ages=(18, None),
            kind="substance-use-recovery",
        ),
        svc(
            "closed-listing",
            "Old Friendship Club",
            "loneliness",
            at(m, 0.3),
            "No longer running.",
            status="inactive",
        ),
        # --- Upper Wharfedale (Grassington): rural, back pain, no car -----------------------
        svc(
            "grassington-shed",
            "Upper Wharfedale Men's Shed",
            "loneliness social-isolation low-mood",
            at(g, 1.2),
            "A workshop space where men come together to make and mend things in "
            "wood and metal, share skills and have a chat. Woodworking, carpentry and tools.",
            gender="male",
            ages=(18, None),
            byday="TU,TH",
            hours=("10:00", "13:00"),
            kind="mens-shed",
        ),
        svc(
            "grassington-coffee",
            "Grassington Coffee Morning",
            "loneliness social-isolation",
            at(g, 0.4),
            "A friendly drop-in with free hot drinks and someone to chat to.",
            byday="MO",
        ),
        svc(
            "wharfedale-pain",
            "Upper Wharfedale Pain Support Group",
            "pain loneliness",
            at(g, 0.6),
            "A monthly group for people living with persistent pain.",
            byday="2WE",
            kind="peer-support",
        ),
        svc(
            "skipton-chair",
            "Skipton Chair-based Exercise",
            "pain physical-activity",
            at(g, -13.0, -4.0),
            "Gentle seated exercise for people with long-term pain or stiff joints.",
            byday="FR",
        ),
        svc(
            "rp-coaching",
            "Rethinking Pain: Health Coaching",
            "pain physical-activity low-mood",
            None,
            "One-to-one health coaching for adults living with persistent pain, by video or phone.",
            org="Rethinking Pain",
            ages=(18, None),
            kind="rethinking-pain",
            covers=(BRADFORD_LAD, CRAVEN_LAD),
        ),
        # --- Holme Wood: wheelchair user with debt worries --------------------------------
        svc(
            "hw-advice",
            "Holme Wood Advice Centre: Debt & Money",
            "debt",
            at(h, 0.7),
            "Free, confidential help with debts, arrears and money worries.",
            access=("hearing-loop",),
            kind="debt-advice",
        ),
        svc(
            "tyersal-money",
            "Tyersal Money Advice",
            "debt housing",
            at(h, 2.5),
            "Help with debts, bills and energy costs; step-free with an accessible toilet.",
            kind="debt-advice",
        ),
        svc(
            "debt-online",
            "Debt Advice Online (Bradford)",
            "debt",
            None,
            "Debt advice by video call or phone.",
            covers=(BRADFORD_LAD,),
            kind="debt-advice",
        ),
        svc(
            "hw-pantry",
            "Holme Wood Community Pantry",
            "food debt",
            at(h, 0.4),
            "Low-cost groceries and a friendly welcome.",
            byday="TH",
            kind="food-bank",
        ),
    ]
