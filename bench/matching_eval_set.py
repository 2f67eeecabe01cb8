"""Labelled "what matters to me" statements for evaluating semantic fit (synthetic people).

Each statement comes with what a practitioner would tick (broad needs), where the person
lives, and which services in the demo directory are relevant: a regular expression over
"<kind> | <service name>" (names come from the demo catalogue's templates, so a label means
"this kind of offer", e.g. any Men's Shed). The needs are deliberately coarse: the question
is whether the person's own words pick the right offer among everything that meets them.
"""

from __future__ import annotations

from dataclasses import dataclass

MANNINGHAM, GIRLINGTON, BRADFORD_MOOR = "E01010841", "E01010811", "E01010619"
LITTLE_HORTON, HOLME_WOOD, KEIGHLEY = "E01010732", "E01010820", "E01010710"
SHIPLEY, ECCLESHILL, SKIPTON, GRASSINGTON = "E01010782", "E01010656", "E01027577", "E01027567"

SHED = r"mens-shed \| (?!Men's Walk)"
WALK = r"Walk"
ARTS = r"Arts & Crafts|Creative Therapies"
WOMEN = r"Women|Sisters"
FAITH = r"faith-group \| (Faith|Bereavement Support Circle|Visiting)|Spirituality"
COOK = r"Cook & Eat|Community Kitchen|Lunch Club"
SLEEP = r"Sleep"
DEBT = r"Debt|Benefits Advice|Energy Bills"
HOUSING = r"Housing|Homelessness|Tenancy"
SWIM = r"Swim"
ENGLISH = r"English Conversation"
DIGITAL = r"Digital|Get Online|Computer Club"
BEREAVE = r"Bereavement"
WORK = r"Employment Support|Work & Health|Job Search"
CARERS = r"Carer"
PAIN_PEERS = r"Living with Pain|Your Stories"
MOVE_PAIN = r"Chair-based|Keeping Active|Nordic"
ANXIETY = r"Anxiety|Talking Therapy|Mental Health Peer"
RECOVERY = r"Recovery|Alcohol"
FOOD = r"food-bank \| |Community Kitchen"


@dataclass(frozen=True)
class Statement:
    key: str
    language: str
    area: str
    needs: tuple[str, ...]
    relevant: str
    text: str
    gender: str | None = None


def _s(key: str, lang: str, area: str, needs: str, relevant: str, text: str) -> Statement:
    # Who is speaking, where the words (or the label) make it plain; else not recorded.
    male = ("woodwork", "woodwork-pain", "men-talk", "pl-work", "pl-drink", "pa-pain", "ur-walk")
    female: tuple[str, ...] = (
        "women-only",
        "swimming",
        "english",
        "ur-women",
        "ur-sleep",
        "ur-english",
    )
    female += ("bn-women", "pa-carer", "grief", "pl-walk")
    gender = "male" if key in male else "female" if key in female else None
    return Statement(key, lang, area, tuple(needs.split()), relevant, text, gender)


STATEMENTS: tuple[Statement, ...] = (
    # --- English ---------------------------------------------------------------------------
    _s(
        "woodwork",
        "en",
        MANNINGHAM,
        "loneliness low-mood",
        SHED,
        "I used to be a joiner. I miss working with wood and having something to do with my hands.",
    ),
    _s(
        "woodwork-pain",
        "en",
        SHIPLEY,
        "pain loneliness",
        SHED,
        "My back's bad and I've no car, but I'd love to potter about making things in a workshop again.",
    ),
    _s(
        "walking",
        "en",
        ECCLESHILL,
        "physical-activity loneliness",
        WALK,
        "I want to get out in the fresh air and walk with other people, nothing too strenuous.",
    ),
    _s(
        "walking-weight",
        "en",
        KEIGHLEY,
        "physical-activity weight",
        WALK,
        "I need to lose a bit of weight and I like being outdoors; walking in a group would keep me going.",
    ),
    _s(
        "painting",
        "en",
        LITTLE_HORTON,
        "low-mood loneliness",
        ARTS,
        "Painting and knitting used to calm me down. I'd like to be creative again with other people.",
    ),
    _s(
        "women-only",
        "en",
        MANNINGHAM,
        "social-isolation low-mood",
        WOMEN,
        "I only feel comfortable in groups with other women, where I can relax and talk freely.",
    ),
    _s(
        "faith",
        "en",
        GIRLINGTON,
        "low-mood loneliness",
        FAITH,
        "My faith matters to me. I'd like to talk to someone who understands prayer and belief.",
    ),
    _s(
        "cooking",
        "en",
        HOLME_WOOD,
        "food weight",
        COOK,
        "I can't afford much food and I don't really know how to cook healthy meals cheaply.",
    ),
    _s(
        "sleep",
        "en",
        BRADFORD_MOOR,
        "sleep anxiety",
        SLEEP,
        "I lie awake every night worrying and I'm exhausted in the day.",
    ),
    _s(
        "debt",
        "en",
        HOLME_WOOD,
        "debt housing",
        DEBT,
        "The bailiffs have written to me and I owe money on my credit cards and council tax.",
    ),
    _s(
        "housing",
        "en",
        LITTLE_HORTON,
        "housing debt",
        HOUSING,
        "My landlord has given me notice to leave and I don't know where we'll live.",
    ),
    _s(
        "swimming",
        "en",
        MANNINGHAM,
        "physical-activity weight",
        SWIM,
        "I'd love to go swimming but only where it's women only and the instructor is female.",
    ),
    _s(
        "english",
        "en",
        GIRLINGTON,
        "social-isolation employment",
        ENGLISH,
        "I want to speak better English so I can talk to the doctor and my children's teachers.",
    ),
    _s(
        "digital",
        "en",
        SHIPLEY,
        "digital-inclusion loneliness",
        DIGITAL,
        "I don't know how to use my phone for video calls with my grandchildren or the NHS app.",
    ),
    _s(
        "grief",
        "en",
        ECCLESHILL,
        "bereavement low-mood",
        BEREAVE,
        "Since my husband died last year I can't stop crying and I have nobody to talk to about him.",
    ),
    _s(
        "work",
        "en",
        BRADFORD_MOOR,
        "employment low-mood",
        WORK,
        "I lost my job because of my health and I want help getting back into work.",
    ),
    _s(
        "carer",
        "en",
        KEIGHLEY,
        "carers low-mood",
        CARERS,
        "I look after my mum who has dementia and I never get a break for myself.",
    ),
    _s(
        "pain-peers",
        "en",
        LITTLE_HORTON,
        "pain loneliness",
        PAIN_PEERS,
        "I want to meet other people who live with chronic pain and hear how they cope.",
    ),
    _s(
        "pain-move",
        "en",
        SHIPLEY,
        "pain physical-activity",
        MOVE_PAIN,
        "I'm scared to exercise because of my pain but I know I need to move more, gently.",
    ),
    _s(
        "panic",
        "en",
        MANNINGHAM,
        "anxiety low-mood",
        ANXIETY,
        "I get panic attacks and my mind races; I'd like to learn ways to cope with anxiety.",
    ),
    _s(
        "drinking",
        "en",
        HOLME_WOOD,
        "substance-use loneliness",
        RECOVERY,
        "I've been drinking too much since I've been on my own and I want to stop.",
    ),
    _s(
        "food-bank",
        "en",
        BRADFORD_MOOR,
        "food debt",
        FOOD,
        "There's no food in the cupboards and payday is two weeks away; the kids need feeding.",
    ),
    _s(
        "cuppa",
        "en",
        SKIPTON,
        "loneliness social-isolation",
        r"Coffee Morning|Lunch Club|Befriending|Cafe",
        "I'd just like somewhere warm to have a cup of tea and a natter with people.",
    ),
    _s(
        "men-talk",
        "en",
        ECCLESHILL,
        "low-mood",
        r"mens-shed \| ",
        "As a bloke I find it hard to talk, but I'd open up more side by side with other men.",
    ),
    # --- Urdu ------------------------------------------------------------------------------
    _s(
        "ur-women",
        "ur",
        MANNINGHAM,
        "social-isolation loneliness",
        WOMEN,
        "میں صرف خواتین کے گروپ میں آرام محسوس کرتی ہوں جہاں میں کھل کر بات کر سکوں",
    ),
    _s(
        "ur-sleep",
        "ur",
        GIRLINGTON,
        "sleep anxiety",
        SLEEP,
        "مجھے رات کو نیند نہیں آتی، میں ساری رات پریشانی میں جاگتی رہتی ہوں",
    ),
    _s(
        "ur-faith",
        "ur",
        MANNINGHAM,
        "low-mood loneliness",
        FAITH,
        "میرا ایمان میرے لیے بہت اہم ہے، میں کسی ایسے شخص سے بات کرنا چاہتا ہوں جو دعا اور عقیدے کو سمجھے",
    ),
    _s(
        "ur-debt",
        "ur",
        BRADFORD_MOOR,
        "debt housing",
        DEBT,
        "مجھ پر بہت قرض ہے اور میں بجلی اور گیس کے بل ادا نہیں کر سکتا",
    ),
    _s(
        "ur-english",
        "ur",
        GIRLINGTON,
        "social-isolation employment",
        ENGLISH,
        "میں انگریزی بولنا سیکھنا چاہتی ہوں تاکہ ڈاکٹر اور بچوں کے اسکول سے بات کر سکوں",
    ),
    _s(
        "ur-walk",
        "ur",
        LITTLE_HORTON,
        "physical-activity loneliness",
        WALK,
        "میں دوسروں کے ساتھ باہر سیر کرنا چاہتا ہوں، تازہ ہوا میں چلنا مجھے اچھا لگتا ہے",
    ),
    # --- Punjabi (Gurmukhi and Shahmukhi) --------------------------------------------------
    _s(
        "pa-carer",
        "pa",
        KEIGHLEY,
        "carers low-mood",
        CARERS,
        "ਮੈਂ ਆਪਣੀ ਬਿਮਾਰ ਮਾਂ ਦੀ ਦੇਖਭਾਲ ਕਰਦੀ ਹਾਂ ਅਤੇ ਮੈਨੂੰ ਕਦੇ ਆਰਾਮ ਨਹੀਂ ਮਿਲਦਾ।",
    ),
    _s(
        "pa-pain",
        "pa",
        LITTLE_HORTON,
        "pain loneliness",
        PAIN_PEERS,
        "ਮੇਰੇ ਲੱਕ ਵਿੱਚ ਹਮੇਸ਼ਾ ਦਰਦ ਰਹਿੰਦਾ ਹੈ, ਮੈਂ ਉਹਨਾਂ ਲੋਕਾਂ ਨੂੰ ਮਿਲਣਾ ਚਾਹੁੰਦਾ ਹਾਂ ਜੋ ਦਰਦ ਨਾਲ ਜੀਉਂਦੇ ਹਨ।",
    ),
    _s("pa-food", "pa", HOLME_WOOD, "food debt", FOOD, "ਘਰ ਵਿੱਚ ਖਾਣ ਲਈ ਕੁਝ ਨਹੀਂ ਹੈ ਅਤੇ ਬੱਚੇ ਭੁੱਖੇ ਹਨ।"),
    _s(
        "pa-work",
        "pa",
        BRADFORD_MOOR,
        "employment low-mood",
        WORK,
        "ਮੇਰੀ ਨੌਕਰੀ ਚਲੀ ਗਈ ਹੈ, ਮੈਨੂੰ ਦੁਬਾਰਾ ਕੰਮ ਲੱਭਣ ਵਿੱਚ ਮਦਦ ਚਾਹੀਦੀ ਹੈ।",
    ),
    _s(
        "pnb-grief",
        "pa",
        MANNINGHAM,
        "bereavement low-mood",
        BEREAVE,
        "میرے گھر والے دی موت توں بعد میں بہت اداس آں، کسے نال گل کرنی اے",
    ),
    # --- Bengali ---------------------------------------------------------------------------
    _s(
        "bn-lonely",
        "bn",
        BRADFORD_MOOR,
        "loneliness social-isolation",
        r"Coffee Morning|Lunch Club|Befriending|Cafe|Circle",
        "আমি সারাদিন একা বাসায় থাকি, কারো সাথে চা খেতে আর গল্প করতে চাই।",
    ),
    _s(
        "bn-sleep",
        "bn",
        MANNINGHAM,
        "sleep anxiety",
        SLEEP,
        "রাতে আমার ঘুম আসে না, দুশ্চিন্তায় সারারাত জেগে থাকি।",
    ),
    _s(
        "bn-women",
        "bn",
        GIRLINGTON,
        "social-isolation low-mood",
        WOMEN,
        "আমি শুধু মহিলাদের দলে স্বস্তি বোধ করি, যেখানে খোলাখুলি কথা বলা যায়।",
    ),
    _s(
        "bn-digital",
        "bn",
        SHIPLEY,
        "digital-inclusion loneliness",
        DIGITAL,
        "আমি ফোনে ভিডিও কল করতে আর এনএইচএস অ্যাপ ব্যবহার করতে শিখতে চাই।",
    ),
    _s(
        "bn-debt",
        "bn",
        HOLME_WOOD,
        "debt housing",
        DEBT,
        "আমার অনেক ঋণ আছে, বিদ্যুৎ আর গ্যাসের বিল দিতে পারছি না।",
    ),
    # --- Polish ----------------------------------------------------------------------------
    _s(
        "pl-debt",
        "pl",
        BRADFORD_MOOR,
        "debt employment",
        DEBT,
        "Mam długi na karcie kredytowej i nie mogę zapłacić rachunków za prąd i gaz.",
    ),
    _s(
        "pl-work",
        "pl",
        KEIGHLEY,
        "employment digital-inclusion",
        WORK,
        "Straciłem pracę i potrzebuję pomocy w napisaniu CV i szukaniu nowej pracy.",
    ),
    _s(
        "pl-drink",
        "pl",
        HOLME_WOOD,
        "substance-use loneliness",
        RECOVERY,
        "Za dużo piję od kiedy zostałem sam i chcę przestać.",
    ),
    _s(
        "pl-walk",
        "pl",
        ECCLESHILL,
        "physical-activity weight",
        WALK,
        "Chciałabym schudnąć i lubię spacerować na świeżym powietrzu z innymi ludźmi.",
    ),
    _s(
        "pl-anxiety",
        "pl",
        MANNINGHAM,
        "anxiety low-mood",
        ANXIETY,
        "Mam ataki paniki i ciągle się martwię; chcę nauczyć się radzić sobie z lękiem.",
    ),
)
