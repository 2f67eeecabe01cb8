"""Static tables for the synthetic demo district: needs, places, kinds and service templates.

Organisations and services are invented; place names and postcode districts are real so that
listings read like a real English district. Text is plain English because matching embeds it.
"""

from __future__ import annotations

from dataclasses import dataclass

DASH = "\u2013"


@dataclass(frozen=True, slots=True)
class Need:
    code: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Template:
    name: str  # format string: {org}, {place}
    needs: tuple[str, ...]
    sched: str  # weekday | office | weekly | twice | monthly | evening | course
    text: str  # format string: {org}, {place}
    lo: int | None = None
    hi: int | None = None
    gender: str | None = None
    self_ref: bool = True
    cost: float | None = None


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    weight: float  # share of organisations
    richness: float  # relative number of services per organisation
    ident: str  # ods | charity | lad | "" (no identifier)
    names: tuple[str, ...]  # organisation name patterns: {place} {street} {saint} {lad}
    about: str
    templates: tuple[Template, ...]
    own_venue: bool = True  # False: meets in a hired room (see HOSTS)
    deprived: bool = False  # placed with a bias towards deprived areas
    online: float = 0.0  # chance a service is online-only
    msoa: float = 0.0  # chance a service is limited to its MSOA


def T(
    name: str,
    needs: str,
    sched: str,
    text: str,
    *,
    lo: int | None = None,
    hi: int | None = None,
    gender: str | None = None,
    self_ref: bool = True,
    cost: float | None = None,
) -> Template:
    return Template(name, tuple(needs.split()), sched, text, lo, hi, gender, self_ref, cost)


NEEDS: tuple[Need, ...] = tuple(
    Need(*row.split("|"))
    for row in """\
pain|Pain|Living with persistent or long-term pain
sleep|Sleep|Trouble getting to sleep or staying asleep
low-mood|Low mood|Feeling low, down or depressed
anxiety|Anxiety and stress|Worry, stress, panic or feeling on edge
loneliness|Loneliness|Feeling lonely or wanting more company
social-isolation|Social isolation|Few social contacts or unable to get out and about
bereavement|Bereavement|Grief after the death of someone close
physical-activity|Physical activity|Wanting to move more or get fitter safely
weight|Weight and healthy eating|Managing weight or eating more healthily
food|Food insecurity|Not having enough food or money for food
debt|Debt and money|Debt, benefits, bills or money worries
housing|Housing|Housing problems, repairs, tenancy or risk of homelessness
employment|Employment and skills|Finding or keeping work, training and volunteering
carers|Caring for someone|Support for unpaid carers
substance-use|Alcohol and drugs|Problems with alcohol, drugs or gambling
digital-inclusion|Digital inclusion|Getting online, devices, data and digital skills
faith-support|Faith and spiritual support|Spiritual, pastoral or faith-based support
daily-living|Daily living and independence|Help with personal care and everyday tasks at home
""".splitlines()
)

# name;lat;lon;postcode district;post town, "|"-separated, grouped under "#LAD|county" lines
_PLACES = """\
#E08000032|West Yorkshire
Bradford;53.795;-1.752;BD1;Bradford|Manningham;53.806;-1.765;BD8;Bradford
Girlington;53.803;-1.787;BD8;Bradford|Heaton;53.815;-1.785;BD9;Bradford
Frizinghall;53.820;-1.770;BD9;Bradford|Allerton;53.805;-1.812;BD15;Bradford
Thornton;53.790;-1.850;BD13;Bradford|Clayton;53.782;-1.820;BD14;Bradford
Great Horton;53.779;-1.778;BD7;Bradford|Lidget Green;53.790;-1.790;BD7;Bradford
Little Horton;53.781;-1.762;BD5;Bradford|West Bowling;53.776;-1.748;BD5;Bradford
East Bowling;53.780;-1.735;BD4;Bradford|Holme Wood;53.770;-1.710;BD4;Bradford
Bierley;53.765;-1.730;BD4;Bradford|Tyersal;53.790;-1.700;BD4;Bradford
Wibsey;53.770;-1.775;BD6;Bradford|Buttershaw;53.760;-1.790;BD6;Bradford
Low Moor;53.755;-1.760;BD12;Bradford|Wyke;53.740;-1.770;BD12;Bradford
Queensbury;53.768;-1.845;BD13;Bradford|Barkerend;53.800;-1.730;BD3;Bradford
Bradford Moor;53.800;-1.718;BD3;Bradford|Thornbury;53.797;-1.703;BD3;Bradford
Laisterdyke;53.790;-1.716;BD4;Bradford|Undercliffe;53.810;-1.740;BD2;Bradford
Eccleshill;53.820;-1.735;BD2;Bradford|Bolton Woods;53.815;-1.755;BD2;Bradford
Idle;53.835;-1.745;BD10;Bradford|Thackley;53.840;-1.760;BD10;Bradford
Greengates;53.832;-1.715;BD10;Bradford|Apperley Bridge;53.840;-1.705;BD10;Bradford
Wrose;53.825;-1.760;BD18;Shipley|Windhill;53.830;-1.770;BD18;Shipley
Shipley;53.833;-1.773;BD18;Shipley|Saltaire;53.838;-1.790;BD18;Shipley
Baildon;53.850;-1.785;BD17;Shipley|Cottingley;53.830;-1.815;BD16;Bingley
Bingley;53.848;-1.838;BD16;Bingley|Harden;53.840;-1.865;BD16;Bingley
Wilsden;53.818;-1.860;BD15;Bradford|Cullingworth;53.825;-1.900;BD13;Bradford
Denholme;53.800;-1.895;BD13;Bradford|Keighley;53.867;-1.906;BD21;Keighley
Riddlesden;53.878;-1.880;BD20;Keighley|Oakworth;53.852;-1.945;BD22;Keighley
Haworth;53.830;-1.955;BD22;Keighley|Oxenhope;53.810;-1.955;BD22;Keighley
Steeton;53.897;-1.947;BD20;Keighley|Silsden;53.914;-1.937;BD20;Keighley
Ilkley;53.925;-1.822;LS29;Ilkley|Ben Rhydding;53.925;-1.795;LS29;Ilkley
Addingham;53.945;-1.882;LS29;Ilkley|Burley-in-Wharfedale;53.910;-1.753;LS29;Ilkley
Menston;53.890;-1.738;LS29;Ilkley
#E07000163|North Yorkshire
Skipton;53.962;-2.017;BD23;Skipton|Embsay;53.975;-1.995;BD23;Skipton
Carleton;53.942;-2.040;BD23;Skipton|Gargrave;53.979;-2.104;BD23;Skipton
Grassington;54.071;-1.998;BD23;Skipton|Cononley;53.918;-2.015;BD20;Keighley
Cross Hills;53.902;-1.985;BD20;Keighley|Glusburn;53.903;-1.995;BD20;Keighley
Sutton-in-Craven;53.897;-1.990;BD20;Keighley|Cowling;53.885;-2.045;BD22;Keighley
Hellifield;54.006;-2.222;BD23;Skipton|Long Preston;54.020;-2.250;BD23;Skipton
Settle;54.069;-2.277;BD24;Settle|Giggleswick;54.072;-2.285;BD24;Settle
Ingleton;54.154;-2.468;LA6;Carnforth|Bentham;54.116;-2.510;LA2;Lancaster
"""

# Fallback outside Bradford and Craven: postcode area, post town, lat, lon.
_POST_AREAS = """\
B Birmingham 52.48 -1.90|BA Bath 51.38 -2.36|BB Blackburn 53.75 -2.48|BD Bradford 53.79 -1.75
BH Bournemouth 50.72 -1.88|BL Bolton 53.58 -2.43|BN Brighton 50.83 -0.14|BR Bromley 51.40 0.02
BS Bristol 51.45 -2.59|CA Carlisle 54.89 -2.93|CB Cambridge 52.20 0.12|CH Chester 53.19 -2.89
CM Chelmsford 51.73 0.47|CO Colchester 51.89 0.90|CR Croydon 51.37 -0.10|CT Canterbury 51.28 1.08
CV Coventry 52.41 -1.51|CW Crewe 53.10 -2.44|DA Dartford 51.45 0.22|DE Derby 52.92 -1.48
DH Durham 54.78 -1.57|DL Darlington 54.52 -1.55|DN Doncaster 53.52 -1.13|DT Dorchester 50.71 -2.44
DY Dudley 52.51 -2.08|E London 51.53 -0.03|EN Enfield 51.65 -0.08|EX Exeter 50.72 -3.53
FY Blackpool 53.82 -3.04|GL Gloucester 51.86 -2.24|GU Guildford 51.24 -0.57|HA Harrow 51.58 -0.34
HD Huddersfield 53.65 -1.78|HG Harrogate 53.99 -1.54|HP Hemel_Hempstead 51.75 -0.47
HR Hereford 52.06 -2.72|HU Hull 53.74 -0.33|HX Halifax 53.72 -1.86|IG Ilford 51.56 0.07
IP Ipswich 52.06 1.16|KT Kingston_upon_Thames 51.41 -0.30|L Liverpool 53.41 -2.98
LA Lancaster 54.05 -2.80|LE Leicester 52.64 -1.13|LN Lincoln 53.23 -0.54|LS Leeds 53.80 -1.55
LU Luton 51.88 -0.42|M Manchester 53.48 -2.24|ME Rochester 51.39 0.50|MK Milton_Keynes 52.04 -0.76
N London 51.57 -0.11|NE Newcastle_upon_Tyne 54.98 -1.61|NG Nottingham 52.95 -1.15
NN Northampton 52.24 -0.90|NR Norwich 52.63 1.30|NW London 51.55 -0.20|OL Oldham 53.54 -2.12
OX Oxford 51.75 -1.26|PE Peterborough 52.57 -0.24|PL Plymouth 50.38 -4.14|PO Portsmouth 50.82 -1.09
PR Preston 53.76 -2.70|RG Reading 51.45 -0.97|RM Romford 51.58 0.18|S Sheffield 53.38 -1.47
SE London 51.47 -0.07|SK Stockport 53.41 -2.15|SL Slough 51.51 -0.59|SM Sutton 51.36 -0.19
SN Swindon 51.56 -1.78|SO Southampton 50.91 -1.40|SP Salisbury 51.07 -1.79|SR Sunderland 54.91 -1.38
SS Southend-on-Sea 51.54 0.71|ST Stoke-on-Trent 53.00 -2.18|SW London 51.46 -0.17
SY Shrewsbury 52.71 -2.75|TA Taunton 51.02 -3.10|TF Telford 52.68 -2.45|TN Tonbridge 51.19 0.27
TQ Torquay 50.46 -3.53|TR Truro 50.26 -5.05|TS Middlesbrough 54.57 -1.23|TW Twickenham 51.45 -0.33
UB Southall 51.52 -0.40|W London 51.51 -0.18|WA Warrington 53.39 -2.59|WD Watford 51.66 -0.40
WF Wakefield 53.68 -1.50|WN Wigan 53.55 -2.63|WR Worcester 52.19 -2.22|WS Walsall 52.59 -1.98
WV Wolverhampton 52.59 -2.13|YO York 53.96 -1.08
"""


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    district: str  # postcode district, e.g. BD8
    town: str  # post town
    county: str
    lad_code: str


def _parse_places() -> tuple[Place, ...]:
    out: list[Place] = []
    lad, county = "", ""
    for line in _PLACES.splitlines():
        if line.startswith("#"):
            lad, county = line[1:].split("|")
            continue
        for entry in line.split("|"):
            name, lat, lon, district, town = entry.split(";")
            out.append(Place(name, float(lat), float(lon), district, town, county, lad))
    return tuple(out)


PLACES: tuple[Place, ...] = _parse_places()
POST_AREAS: tuple[tuple[str, str, float, float], ...] = tuple(
    (code, town.replace("_", " "), float(lat), float(lon))
    for line in _POST_AREAS.splitlines()
    for code, town, lat, lon in [entry.split() for entry in line.split("|")]
)

STREETS = (
    "Church Street",
    "Victoria Road",
    "Station Road",
    "High Street",
    "Manor Row",
    "Park Road",
    "Mill Lane",
    "North Parade",
    "Market Street",
    "Westgate",
    "Kirkgate",
    "Oak Lane",
    "Whetley Lane",
    "Leeds Road",
    "Otley Road",
    "Bolton Road",
    "King Street",
    "Albion Road",
    "School Lane",
    "Chapel Street",
    "Moor Lane",
    "Cavendish Road",
    "Beck Side",
    "Greenhill Road",
    "Wharf Street",
    "Springfield Road",
    "Cross Lane",
    "Queens Road",
    "Hall Lane",
    "Green Lane",
)
SAINTS = ("Mary", "John", "Peter", "Paul", "Andrew", "Luke", "Matthew", "James", "Wilfrid", "Chad")
TREES = ("Oak", "Willow", "Beech", "Elm", "Rowan", "Ash", "Cedar", "Hawthorn")
FIRST = (
    "Ayesha",
    "Imran",
    "Sarah",
    "David",
    "Nasreen",
    "Tariq",
    "Helen",
    "Gurpreet",
    "Priya",
    "Mark",
    "Joanne",
    "Shabana",
    "Peter",
    "Farah",
    "Kamran",
    "Emma",
    "Rajinder",
    "Tomasz",
    "Agnieszka",
    "Fatima",
    "Mohammed",
    "Claire",
    "Raj",
    "Susan",
    "Rukhsana",
    "Gareth",
    "Nadia",
    "Bilal",
)
LAST = (
    "Khan",
    "Hussain",
    "Ahmed",
    "Smith",
    "Patel",
    "Akhtar",
    "Begum",
    "Shah",
    "Wood",
    "Walker",
    "Singh",
    "Kaur",
    "Kowalski",
    "Ali",
    "Robinson",
    "Iqbal",
    "Brown",
    "Sutcliffe",
    "Hall",
    "Mahmood",
    "Clarke",
    "Bibi",
    "Nowak",
    "Greenwood",
    "Mistry",
    "Uddin",
)
HOSTS = (
    "{place} Community Hub",
    "{place} Library",
    "St {saint}'s Church Hall",
    "{place} Methodist Hall",
    "{place} Leisure Centre",
    "{place} Health Centre",
    "{place} Village Hall",
)
FAITHS: dict[str, tuple[str, ...]] = {
    "mosque": ("{place} Jamia Masjid", "{place} Islamic Centre", "Masjid-e-Noor, {place}"),
    "church": (
        "St {saint}'s Church, {place}",
        "{place} Methodist Church",
        "{place} Baptist Church",
        "{place} Parish Church",
    ),
    "gurdwara": ("Guru Nanak Gurdwara, {place}", "{place} Sikh Temple"),
    "mandir": ("Shree Krishna Mandir, {place}", "{place} Hindu Cultural Centre"),
}
# (name, ISO 639 code, {census group: multiplier}); share x multiplier = chance it is offered.
LANGUAGES: tuple[tuple[str, str, dict[str, float]], ...] = (
    ("Urdu", "ur", {"pakistani": 1.6, "bangladeshi": 0.3}),
    ("Punjabi", "pa", {"pakistani": 0.9, "indian": 1.2}),
    ("Bengali", "bn", {"bangladeshi": 3.0}),
    ("Polish", "pl", {"other_white": 3.0}),
    ("Gujarati", "gu", {"indian": 1.2}),
    ("Arabic", "ar", {"arab": 6.0, "pakistani": 0.15}),
)
ACCESS = (  # (code, label, details, probability); wheelchair only where step-free
    ("step-free", "Step-free access", "Level or ramped entrance with no steps.", 0.75),
    ("wheelchair", "Wheelchair accessible", "Wheelchair-accessible rooms and toilet.", 0.8),
    ("hearing-loop", "Hearing loop", "Induction loop in the main room.", 0.35),
)
ACCESS_PHRASES = {
    "step-free": "step-free access",
    "wheelchair": "a wheelchair-accessible toilet",
    "hearing-loop": "a hearing loop",
}

_YOU = "You can just turn up"
KINDS: tuple[Kind, ...] = (
    Kind(
        "gp-practice",
        15,
        1.2,
        "ods",
        (
            "{place} Medical Practice",
            "{place} Health Centre",
            "{street} Surgery",
            "{place} Family Practice",
            "The {tree} Surgery",
        ),
        "NHS general practice caring for registered patients in and around {place}.",
        (
            T(
                "Social Prescribing at {org}",
                "loneliness social-isolation low-mood",
                "weekday",
                "A social prescribing link worker spends time with you to talk about what matters to "
                "you, such as loneliness, money worries or low mood, and connects you with groups and "
                "services around {place}. Ask at reception or speak to your GP.",
                lo=18,
            ),
            T(
                "Persistent Pain Review at {org}",
                "pain sleep",
                "weekly",
                "A GP-led review for people living with long-term pain. We look at your medicines, "
                "talk about sleep and activity, and can refer you on to the Rethinking Pain service.",
                lo=18,
                self_ref=False,
            ),
            T(
                "Carers' Health Check at {org}",
                "carers",
                "monthly",
                "A free health check for unpaid carers registered at the practice. We add you to the "
                "carers register, offer flexible appointments and tell you about carers' groups.",
                lo=16,
            ),
            T(
                "Weight Management Clinic at {org}",
                "weight physical-activity",
                "weekly",
                "Practice nurse clinic to help you lose weight safely, with a personal plan, regular "
                "weigh-ins and advice on healthy eating and getting active.",
                lo=18,
                self_ref=False,
            ),
        ),
    ),
    Kind(
        "community-centre",
        12,
        3.0,
        "charity",
        (
            "{place} Community Centre",
            "{place} Community Association",
            "{street} Neighbourhood Centre",
        ),
        "Volunteer-run community centre for everyone living in {place}.",
        (
            T(
                "Warm Space & Coffee Morning at {org}",
                "loneliness social-isolation",
                "twice",
                "A friendly drop-in with free hot drinks, a warm room and someone to chat to. Come on "
                f"your own or bring a friend. {_YOU}.",
            ),
            T(
                "Chair-based Exercise at {org}",
                "physical-activity pain",
                "weekly",
                "Gentle seated exercise to music for people who find standing exercise hard, including "
                "people with long-term pain or stiff joints. Led by a qualified instructor; go at your "
                "own pace.",
                cost=2.0,
            ),
            T(
                "Over-60s Lunch Club at {org}",
                "loneliness food",
                "weekly",
                "A hot two-course lunch and good company every week for older people in {place}. "
                "Help with transport can be arranged if you cannot get out easily.",
                lo=60,
                cost=3.5,
            ),
            T(
                "Arts & Crafts Group at {org}",
                "low-mood loneliness",
                "weekly",
                "A relaxed creative group: painting, knitting and crafts over a cup of tea. Good for "
                "your wellbeing and for meeting new people; all materials provided.",
            ),
        ),
        msoa=0.15,
    ),
    Kind(
        "faith-group",
        14,
        2.0,
        "charity",
        (),
        "Place of worship serving the {place} community and open to neighbours of all faiths.",
        (
            T(
                "Faith & Wellbeing Drop-in at {org}",
                "faith-support low-mood loneliness",
                "weekly",
                "Pastoral support and a listening ear for anyone going through a hard time, including "
                "illness, pain or worry, whatever your faith or none. Prayer and spiritual guidance "
                "are there if you would like them.",
            ),
            T(
                "Community Kitchen at {org}",
                "food loneliness",
                "weekly",
                "Free hot meals for anyone who needs one, with no questions asked. Food parcels are "
                "available for families who are struggling to make ends meet.",
            ),
            T(
                "Bereavement Support Circle at {org}",
                "bereavement faith-support",
                "monthly",
                "A gentle monthly circle for people who have lost someone close. Share memories, talk "
                "about grief and find comfort and practical help with others who understand.",
            ),
            T(
                "Women's Circle at {org}",
                "faith-support social-isolation",
                "weekly",
                "A women-only group for conversation, study and mutual support, with a creche so you "
                "can bring little ones.",
                gender="female",
            ),
            T(
                "Visiting & Befriending at {org}",
                "loneliness social-isolation faith-support",
                "office",
                "Trained volunteers visit people who are housebound or lonely, at home or in hospital, "
                "for a chat, a cup of tea and a bit of company.",
            ),
        ),
        msoa=0.15,
    ),
    Kind(
        "peer-support",
        9,
        1.3,
        "charity",
        ("{place} Pain Support Network", "{place} Mind Matters", "{place} Peer Support Collective"),
        "Peer-led support run by and for local people with lived experience.",
        (
            T(
                "Living with Pain Peer Group ({place})",
                "pain loneliness low-mood",
                "monthly",
                "Run by and for people living with chronic pain. Swap tips on pacing, flare-ups and "
                "sleep, and meet people who know what it is like.",
            ),
            T(
                "Mental Health Peer Support ({place})",
                "low-mood anxiety",
                "weekly",
                "A safe, confidential group for adults with low mood, depression or anxiety, led by "
                "trained peer facilitators who have been there themselves.",
                lo=18,
            ),
            T(
                "Anxiety & Panic Self-help Group ({place})",
                "anxiety sleep",
                "evening",
                "Learn practical ways to manage worry, panic and poor sleep with others who "
                "understand; a relaxed evening group.",
                lo=18,
            ),
            T(
                "Young Adults' Wellbeing Group ({place})",
                "low-mood anxiety loneliness",
                "evening",
                "A relaxed group for young adults feeling low, anxious or isolated: talk, games and "
                "practical tips on coping with stress, money and work.",
                lo=16,
                hi=25,
            ),
        ),
        own_venue=False,
        online=0.3,
    ),
    Kind(
        "food-bank",
        7,
        1.3,
        "charity",
        ("{place} Community Food Bank", "{place} Foodbank", "{place} Food Hub"),
        "Independent food bank tackling food poverty in {place}.",
        (
            T(
                "{org}",
                "food debt",
                "twice",
                "Emergency food parcels for people and families in {place} who cannot afford food. "
                "Bring a referral voucher or call us and we can arrange one. Volunteers can also put "
                "you in touch with debt and benefits advice.",
            ),
            T(
                "Community Pantry at {org}",
                "food debt",
                "weekly",
                "A low-cost pantry: pay a small weekly fee and choose groceries, fresh fruit and "
                "vegetables worth much more.",
                cost=4.0,
            ),
            T(
                "Cook & Eat on a Budget at {org}",
                "food weight",
                "course",
                "Learn to cook simple, healthy meals on a small budget, then sit down and eat together. "
                "Ingredients provided.",
            ),
        ),
        deprived=True,
    ),
    Kind(
        "walking-group",
        6,
        1.0,
        "",
        ("{place} Health Walks", "{place} Walking for Health", "{place} Wellbeing Walkers"),
        "Volunteer walk leaders helping people in {place} get active outdoors.",
        (
            T(
                "{org}",
                "physical-activity loneliness low-mood",
                "weekly",
                "Free, friendly health walks of 30 to 60 minutes led by trained volunteers. Walks go "
                f"at the pace of the slowest walker and finish with a cuppa. {_YOU}.",
            ),
            T(
                "Nordic Walking at {org}",
                "physical-activity weight",
                "weekly",
                "Walking with poles for a full-body workout that is kind to knees and backs. Poles "
                "provided; taster sessions for beginners.",
                lo=16,
            ),
        ),
        own_venue=False,
        msoa=0.1,
    ),
    Kind(
        "housing-advice",
        4,
        1.5,
        "charity",
        ("{place} Housing Advice Centre", "{place} Tenants' Advice", "Homes and Hope {place}"),
        "Free, independent housing advice for people in {place}.",
        (
            T(
                "Housing Advice Drop-in at {org}",
                "housing debt",
                "office",
                "Free advice on renting, repairs, rent arrears, eviction notices and finding somewhere "
                "to live. Advisers can help you fill in forms and speak to your landlord.",
            ),
            T(
                "Homelessness Prevention at {org}",
                "housing",
                "office",
                "If you are at risk of losing your home, we work with you quickly to keep you housed "
                "or find somewhere safe to stay.",
                lo=16,
            ),
            T(
                "Tenancy Support at {org}",
                "housing daily-living",
                "office",
                "Support workers help you settle into a new home, manage bills and keep your tenancy.",
                lo=18,
                self_ref=False,
            ),
        ),
        deprived=True,
        online=0.15,
    ),
    Kind(
        "debt-advice",
        5,
        2.0,
        "charity",
        ("{place} Advice Centre", "{place} Money Advice", "{place} Community Law & Advice"),
        "Free, confidential and independent money and debt advice.",
        (
            T(
                "Debt & Money Advice at {org}",
                "debt",
                "office",
                "Free, confidential help with debts, arrears and money worries. An adviser looks at "
                "your whole situation, deals with creditors and helps you make a plan.",
            ),
            T(
                "Benefits Advice at {org}",
                "debt employment",
                "office",
                "Check you are getting every benefit you are entitled to, get help with Universal "
                "Credit and PIP forms, and support with appeals.",
            ),
            T(
                "Energy Bills Help at {org}",
                "debt housing",
                "weekly",
                "Help with gas and electricity bills, prepayment meters, grants and keeping your home "
                "warm for less.",
            ),
        ),
        deprived=True,
        online=0.3,
    ),
    Kind(
        "carers-group",
        4,
        1.5,
        "charity",
        ("{place} Carers' Group", "{place} Carers' Support", "Caring Together {place}"),
        "Support for unpaid carers looking after a family member or friend.",
        (
            T(
                "{org}",
                "carers loneliness",
                "monthly",
                "A monthly get-together for unpaid carers: a break, a brew, information about carers' "
                "assessments and allowances, and friends who understand caring.",
                lo=16,
            ),
            T(
                "Carers' Relaxation Sessions at {org}",
                "carers low-mood anxiety",
                "weekly",
                "Time for you: relaxation, gentle exercise and pampering sessions for unpaid carers, "
                "with sitting support available for the person you care for.",
                lo=18,
            ),
            T(
                "Young Carers' Club at {org}",
                "carers loneliness",
                "weekly",
                "After-school club for children who help look after someone at home: fun, trips and "
                "a break from caring with others who understand.",
                lo=8,
                hi=17,
            ),
        ),
        own_venue=False,
        online=0.25,
    ),
    Kind(
        "womens-group",
        4,
        1.5,
        "charity",
        ("{place} Women's Centre", "{place} Women's Network", "Sisters Together {place}"),
        "Women-only community organisation in {place}.",
        (
            T(
                "{org} Wellbeing Cafe",
                "social-isolation low-mood",
                "weekly",
                "A women-only space to relax, share experiences and take part in wellbeing activities "
                "such as gentle exercise, cooking and confidence courses.",
                lo=16,
                gender="female",
            ),
            T(
                "Women's Swim & Gym at {org}",
                "physical-activity weight",
                "weekly",
                "Women-only swimming and gym sessions with female instructors; beginners welcome.",
                lo=16,
                gender="female",
                cost=2.5,
            ),
            T(
                "English Conversation for Women at {org}",
                "social-isolation employment",
                "weekly",
                "Practise speaking English in a friendly women-only group, make friends and build "
                "confidence for work, school and appointments.",
                lo=16,
                gender="female",
            ),
        ),
        msoa=0.15,
    ),
    Kind(
        "mens-shed",
        3,
        1.0,
        "charity",
        ("{place} Men's Shed", "{place} Community Shed"),
        "Community workshop where men meet to make, mend and talk.",
        (
            T(
                "{org}",
                "loneliness low-mood social-isolation",
                "twice",
                "A workshop space where men come together to make and mend things in wood and metal, "
                "share skills and have a chat. Shoulder to shoulder, not face to face.",
                lo=18,
                gender="male",
                cost=1.0,
            ),
            T(
                "Men's Walk & Talk at {org}",
                "physical-activity low-mood",
                "weekly",
                "A weekly walk for men who want to get out, get moving and talk things through.",
                lo=18,
                gender="male",
            ),
        ),
        msoa=0.15,
    ),
    Kind(
        "digital-inclusion",
        4,
        1.5,
        "charity",
        ("{place} Digital Hub", "{place} Computer Club", "Get Connected {place}"),
        "Helping people in {place} get online with confidence.",
        (
            T(
                "Digital Drop-in at {org}",
                "digital-inclusion",
                "weekly",
                "Friendly one-to-one help with phones, tablets and computers: email, video calls, "
                "online shopping and staying safe online. Free loan devices and data available.",
            ),
            T(
                "Get Online for Health at {org}",
                "digital-inclusion loneliness",
                "weekly",
                "Learn to use the NHS App, order repeat prescriptions, book appointments and join "
                "online groups from home.",
                lo=16,
            ),
            T(
                "Job Search Computer Club at {org}",
                "digital-inclusion employment",
                "weekly",
                "Help with CVs, job searching and online applications, with computers to use.",
                lo=16,
            ),
        ),
        own_venue=False,
    ),
    Kind(
        "bereavement",
        3,
        1.5,
        "charity",
        ("{place} Bereavement Support", "Hope After Loss {place}"),
        "Bereavement charity supporting people after the death of someone close.",
        (
            T(
                "One-to-one Bereavement Support at {org}",
                "bereavement low-mood",
                "office",
                "Trained volunteers offer regular one-to-one sessions to talk about your loss, at a "
                "pace that suits you, for as long as you need.",
            ),
            T(
                "Bereavement Cafe at {org}",
                "bereavement loneliness",
                "monthly",
                "An informal cafe where people who have been bereaved can meet, talk and be listened "
                f"to. {_YOU}.",
            ),
        ),
        own_venue=False,
        online=0.35,
    ),
    Kind(
        "employment-support",
        3,
        1.5,
        "",
        ("{place} Jobs Hub", "{place} Work & Skills"),
        "Employment and skills support for people in {place}.",
        (
            T(
                "Employment Support at {org}",
                "employment digital-inclusion",
                "office",
                "One-to-one support to find work, training or volunteering: CVs, interview practice "
                "and help with confidence.",
                lo=16,
            ),
            T(
                "Work & Health Programme at {org}",
                "employment pain low-mood",
                "office",
                "Support to stay in or return to work if you have a health condition such as pain, "
                "anxiety or low mood, including talking to your employer.",
                lo=18,
            ),
        ),
        deprived=True,
        online=0.25,
    ),
    Kind(
        "substance-use-recovery",
        2,
        1.5,
        "charity",
        ("{place} Recovery Community", "{place} Recovery Hub"),
        "Recovery community for people affected by alcohol and drugs.",
        (
            T(
                "Recovery Cafe at {org}",
                "substance-use loneliness",
                "weekly",
                "A friendly, alcohol- and drug-free space to meet people in recovery, with peer "
                "mentors and activities.",
                lo=18,
            ),
            T(
                "Alcohol & Drug Advice at {org}",
                "substance-use",
                "office",
                "Free, confidential advice and support if you are worried about your drinking, drug "
                "use or gambling, or someone else's.",
                lo=18,
            ),
        ),
        deprived=True,
        online=0.1,
    ),
    Kind(
        "talking-therapy",
        2,
        2.0,
        "",
        ("{place} Wellbeing Talking Service", "{place} Counselling Centre"),
        "Psychological therapy and counselling for adults.",
        (
            T(
                "Talking Therapy for Anxiety and Low Mood ({place})",
                "anxiety low-mood",
                "office",
                "Short courses of evidence-based talking therapy, such as CBT, for stress, anxiety, "
                "low mood and depression, one-to-one or in groups.",
                lo=16,
            ),
            T(
                "Sleep Well Course ({place})",
                "sleep anxiety",
                "course",
                "A six-week course to improve your sleep: routines, relaxation and ways to quiet a "
                "busy mind at night.",
                lo=18,
            ),
        ),
        own_venue=False,
        online=0.5,
    ),
    Kind(
        "adult-social-care",
        2,
        3.0,
        "lad",
        ("{lad} Adult Social Care",),
        "Local authority adult social care for residents of {lad}.",
        (
            T(
                "Care Needs Assessment ({org})",
                "daily-living carers",
                "office",
                "A free assessment of the care and support you need to stay independent at home, "
                "such as help with washing, dressing, meals or equipment.",
                lo=18,
            ),
            T(
                "Carers' Assessment ({org})",
                "carers",
                "office",
                "A free assessment for unpaid carers to look at how caring affects your life and what "
                "support, breaks or payments could help.",
                lo=16,
            ),
            T(
                "Reablement Service ({org})",
                "daily-living physical-activity",
                "office",
                "Short-term support at home for up to six weeks after illness or a hospital stay to "
                "help you regain everyday skills and confidence.",
                lo=18,
                self_ref=False,
            ),
        ),
        online=0.2,
    ),
)

RP_TIER1 = T(
    "Rethinking Pain: Health Coaching",
    "pain physical-activity low-mood",
    "office",
    "One-to-one health coaching for adults living with persistent pain. A health coach "
    "listens to what matters to you, helps you set goals and understand your pain, and "
    "agrees which education modules to join. This is the first step into Rethinking "
    "Pain.",
    lo=18,
)
RP_TIER3 = T(
    "Rethinking Pain: Pain CBT",
    "pain low-mood anxiety",
    "weekly",
    "Specialist cognitive behavioural therapy with a psychologist for people whose "
    "persistent pain has a big impact on mood, sleep and daily life. For people who need "
    "more support after health coaching, after an additional assessment.",
    lo=18,
    self_ref=False,
)
RP_MODULES: tuple[Template, ...] = tuple(
    T(f"Rethinking Pain: {name}", needs, "course", text, lo=18, self_ref=False)
    for name, needs, text in (
        (
            "More on Managing Pain",
            "pain",
            "Practical ways to manage pain day to day: pacing, "
            "planning for flare-ups, how pain works and where medicines fit in.",
        ),
        (
            "Keeping Active & Safe Movement",
            "pain physical-activity",
            "Gentle, guided movement "
            "with a physiotherapist to build strength and stamina and feel safer being active.",
        ),
        (
            "Sleep Therapy",
            "sleep pain",
            "Help with poor sleep caused or worsened by pain: "
            "bedtime routines, relaxation and coping with waking in the night.",
        ),
        (
            "Emotional Wellbeing Support",
            "low-mood anxiety pain",
            "Talk about how pain affects "
            "your mood, worry and stress, and learn coping skills with others who understand.",
        ),
        (
            "Helpful Habits, Goals & Plans",
            "pain physical-activity",
            "Set small, realistic goals, "
            "build helpful daily habits and make a plan so pain takes up less of your life.",
        ),
        (
            "Diet Therapy",
            "weight pain",
            "Advice from a dietitian on eating well with persistent "
            "pain, managing weight and how food and energy levels affect pain.",
        ),
        (
            "Creative Therapies",
            "pain low-mood social-isolation",
            "Art, music and creative "
            "writing to express how pain feels, relax and connect with others; no experience needed.",
        ),
        (
            "Your Stories",
            "pain loneliness",
            "Share your experience of living with pain and hear "
            "how others found ways to live well, led by trained peer mentors.",
        ),
        (
            "Acceptance & Taking Control",
            "pain anxiety",
            "Learn to stop struggling against pain "
            "and focus on what matters to you, so you feel back in control.",
        ),
        (
            "Beliefs, Spirituality, Faith & Pain",
            "pain faith-support",
            "Explore how your beliefs, "
            "faith or spirituality shape how you live with pain; for people of all faiths and none.",
        ),
    )
)
RP_ABOUT = (
    "NHS-commissioned community pain service for adults living with persistent pain in "
    "Bradford District and Craven: health coaching, education modules and pain CBT."
)
RP_LADS = ("E08000032", "E07000163")
