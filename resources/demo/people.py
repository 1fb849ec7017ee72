"""Who uses the demo library, and what they said: users, ratings, requests.

Plain data. Assets are named by title (or a unique start of one) so the lists
read like the story they tell: which pieces sellers love, which they find
outdated, and what they keep asking marketing for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    display_name: str
    segments: tuple[str, ...] = ()
    activity: float = 1.0  # relative number of search sessions per working day


@dataclass(frozen=True)
class RatingSpec:
    user: str
    asset: str
    stars: int
    comment: str
    situation: str | None
    outcome: str
    days_ago: int


@dataclass(frozen=True)
class RequestSpec:
    title: str
    requester: str
    details: str
    situation: str | None
    segment: str | None
    days_ago: int
    status: str = "open"  # open | in-progress | fulfilled | declined | merged
    voters: tuple[str, ...] = ()
    assignee: str | None = None
    needed_in_days: int | None = None
    resolved_after_days: int = 0
    asset: str | None = None  # the fulfilling asset
    note: str = ""  # resolution note or decline reason
    merged_into: str | None = None  # title of the surviving request


PEOPLE: tuple[Person, ...] = (
    Person("sam", "seller", "Sam Carter", ("enterprise", "mid-market"), 1.6),
    Person("priya", "seller", "Priya Nair", ("mid-market",), 1.3),
    Person("lucas", "seller", "Lucas Meyer", ("enterprise", "mid-market"), 0.9),
    Person("emma", "seller", "Emma Laurent", ("public-sector", "enterprise"), 0.7),
    Person("noah", "seller", "Noah Garcia", ("smb",), 1.1),
    Person("maria", "marketer", "Maria Rossi", (), 0.25),
    Person("tom", "marketer", "Tom Becker", (), 0.15),
)
SELLERS = tuple(p.name for p in PEOPLE if p.role == "seller")

RATINGS: tuple[RatingSpec, ...] = (
    RatingSpec(
        "sam",
        "Case Study: St. Aldric",
        5,
        "Sent it to the CFO at Mercy Valley; she quoted the 38% back to me on the next call.",
        "Closing",
        "helped",
        64,
    ),
    RatingSpec(
        "lucas",
        "Case Study: St. Aldric",
        5,
        "Best proof point we have for health systems.",
        "Proposal & pricing",
        "helped",
        41,
    ),
    RatingSpec(
        "priya",
        "Case Study: St. Aldric",
        4,
        "Great, but I need a mid-market hospital version.",
        "Closing",
        "helped",
        22,
    ),
    RatingSpec(
        "sam",
        "Discovery Question Guide: Enterprise Healthcare",
        5,
        "The IT questions saved my security review timeline.",
        "Discovery",
        "helped",
        58,
    ),
    RatingSpec(
        "emma", "Discovery Question Guide: Enterprise Healthcare", 4, "", "Discovery", "helped", 30
    ),
    RatingSpec(
        "sam",
        "Northwind Corporate Pitch Deck",
        4,
        "Solid. The proof slide needs a logistics logo.",
        "Demo/Presentation",
        "helped",
        49,
    ),
    RatingSpec(
        "priya",
        "Northwind Corporate Pitch Deck",
        3,
        "Too long for a 30-minute first meeting.",
        "Demo/Presentation",
        "",
        37,
    ),
    RatingSpec(
        "noah",
        "Northwind Corporate Pitch Deck",
        2,
        "Too enterprise for SMB buyers; I cut it to four slides.",
        "Demo/Presentation",
        "did-not-help",
        15,
    ),
    RatingSpec(
        "noah",
        "Objection Handling: Price and Budget Pushback",
        5,
        "The arithmetic on slide one works every time.",
        "Objection handling",
        "helped",
        44,
    ),
    RatingSpec(
        "priya",
        "Battlecard: Northwind Flow vs Relay Automate",
        5,
        "Won Harbor Point's sister CU with the audit trap questions.",
        "Objection handling",
        "helped",
        27,
    ),
    RatingSpec(
        "noah",
        "Battlecard: Northwind Flow vs Relay Automate",
        4,
        "",
        "Objection handling",
        "helped",
        12,
    ),
    RatingSpec(
        "lucas",
        "Battlecard: Northwind Flow vs Stackline BPM",
        2,
        "TCO numbers are from 2023; the customer's architect tore them apart.",
        "Objection handling",
        "did-not-help",
        19,
    ),
    RatingSpec(
        "emma",
        "Battlecard: Northwind Flow vs Stackline BPM",
        2,
        "Outdated. Stackline has a SaaS edition now.",
        "Objection handling",
        "did-not-help",
        8,
    ),
    RatingSpec(
        "priya",
        "ROI Worksheet: Accounts Payable Automation",
        5,
        "Exactly what finance wanted.",
        "Proposal & pricing",
        "helped",
        52,
    ),
    RatingSpec(
        "sam",
        "ROI Worksheet: Accounts Payable Automation",
        4,
        "",
        "Proposal & pricing",
        "helped",
        33,
    ),
    RatingSpec("sam", "Pricing Sheet 2025", 4, "", "Proposal & pricing", "helped", 20),
    RatingSpec(
        "noah",
        "Pricing Sheet 2025",
        3,
        "Needs a monthly SMB price column.",
        "Proposal & pricing",
        "",
        10,
    ),
    RatingSpec(
        "lucas",
        "Security and Compliance Overview",
        5,
        "Security team accepted it instead of a 300-line questionnaire.",
        "Objection handling",
        "helped",
        47,
    ),
    RatingSpec(
        "emma",
        "Security and Compliance Overview",
        3,
        "Missing anything about accessibility for government.",
        "Objection handling",
        "did-not-help",
        26,
    ),
    RatingSpec(
        "noah", "Discovery Call Guide: SMB Quick Qualification", 5, "", "Discovery", "helped", 61
    ),
    RatingSpec(
        "priya",
        "Demo Script: Invoice Approval",
        4,
        "The reset tip saved my demo.",
        "Demo/Presentation",
        "helped",
        39,
    ),
    RatingSpec("sam", "Healthcare Demo Storyline", 4, "", "Demo/Presentation", "helped", 55),
    RatingSpec(
        "lucas",
        "Fallstudie: Kessler",
        5,
        "Genau das, was deutsche Mittelständler sehen wollen.",
        "Closing",
        "helped",
        35,
    ),
    RatingSpec(
        "emma",
        "Public Sector Pricing and Cooperative Contracts",
        4,
        "StateBuy saved a county three months.",
        "Proposal & pricing",
        "helped",
        29,
    ),
    RatingSpec(
        "priya", "Negotiation Playbook: Discount Guardrails", 4, "", "Negotiation", "helped", 16
    ),
    RatingSpec(
        "sam",
        "Negotiation Playbook: Discount Guardrails",
        3,
        "Approval matrix is clear; the trades list is thin.",
        "Negotiation",
        "",
        9,
    ),
    RatingSpec(
        "noah",
        "Northwind Forms One-Pager",
        2,
        "Prospects asked about mobile offline mode; nothing here.",
        "Prospecting",
        "did-not-help",
        23,
    ),
    RatingSpec(
        "sam", "Renewal Playbook: Enterprise Accounts", 4, "", "Renewal & upsell", "helped", 14
    ),
    RatingSpec(
        "lucas",
        "Process Mapping Workshop Kit",
        1,
        "Two hours is unrealistic; customers give us 45 minutes.",
        "Discovery",
        "did-not-help",
        42,
    ),
    RatingSpec("priya", "Case Study: Harbor Point", 5, "", "Closing", "helped", 31),
    RatingSpec(
        "emma",
        "Case Study: Brightwater County",
        5,
        "The permit numbers open doors.",
        "Closing",
        "helped",
        18,
    ),
)

REQUESTS: tuple[RequestSpec, ...] = (
    RequestSpec(
        "Healthcare case study with an Epic integration",
        "sam",
        "Enterprise health systems keep asking for a reference that runs on Epic.",
        "Closing",
        "Enterprise",
        86,
        "fulfilled",
        ("lucas",),
        "tom",
        resolved_after_days=11,
        asset="Case Study: St. Aldric",
        note="Published the St. Aldric case study; page 2 covers the Epic integration.",
    ),
    RequestSpec(
        "ROI calculator for AP automation",
        "priya",
        "Finance buyers want to put their own numbers in.",
        "Proposal & pricing",
        "Mid-market",
        71,
        "fulfilled",
        ("sam", "noah"),
        "maria",
        resolved_after_days=6,
        asset="ROI Worksheet",
        note="The ROI worksheet has input and payback tables you can fill in with the customer.",
    ),
    RequestSpec(
        "Custom deck for Contoso Foods",
        "noah",
        "They want our deck with their logo and their process.",
        "Demo/Presentation",
        "SMB",
        58,
        "declined",
        (),
        "maria",
        resolved_after_days=2,
        note=(
            "We don't build one-off decks. Use the corporate pitch deck and the Maple & Finch "
            "case study; a deal review can help tailor the story."
        ),
    ),
    RequestSpec(
        "Price comparison sheet against Relay Automate for customers",
        "priya",
        "Something I can leave behind after the call.",
        "Objection handling",
        "SMB",
        46,
        "declined",
        ("noah",),
        "maria",
        resolved_after_days=4,
        note=(
            "Competitive price comparisons stay internal for legal reasons. Use the talk track on "
            "page 2 of the Relay battlecard."
        ),
    ),
    RequestSpec(
        "Logistics customer reference",
        "priya",
        "Freight brokers ask who else in logistics uses us.",
        "Closing",
        "Mid-market",
        41,
        "fulfilled",
        ("sam",),
        "tom",
        resolved_after_days=19,
        asset="Case Study: Cobalt Lane",
        note="Cobalt Lane Logistics agreed to be a public reference.",
    ),
    RequestSpec(
        "Accessibility statement (VPAT) for government buyers",
        "emma",
        "Two county RFPs asked for a VPAT or WCAG conformance report.",
        "Objection handling",
        "Public sector",
        25,
        "open",
        ("lucas",),
        needed_in_days=14,
    ),
    RequestSpec(
        "Manufacturing case study for SMB",
        "priya",
        "Small manufacturers (under 200 people) say Kessler is too big to compare.",
        "Closing",
        "SMB",
        21,
        "in-progress",
        ("noah", "lucas"),
        "tom",
        needed_in_days=30,
    ),
    RequestSpec(
        "GDPR data processing agreement template",
        "lucas",
        "EU prospects ask for our DPA before a trial; legal sends a different version every time.",
        "Proposal & pricing",
        "Enterprise",
        13,
        "open",
        ("emma", "sam"),
        needed_in_days=10,
    ),
    RequestSpec(
        "Battlecard vs Pipewell",
        "sam",
        "Lost two mid-market deals to Pipewell's AI demo this month.",
        "Objection handling",
        "Mid-market",
        10,
        "in-progress",
        ("priya", "noah"),
        "maria",
        needed_in_days=7,
    ),
    RequestSpec(
        "Competitive info on Pipewell AI workflows",
        "lucas",
        "What do we say about their AI assistant?",
        "Objection handling",
        "Enterprise",
        8,
        "merged",
        (),
        merged_into="Battlecard vs Pipewell",
    ),
    RequestSpec(
        "Spanish version of the 2025 pricing sheet",
        "noah",
        "For LATAM SMB prospects.",
        "Proposal & pricing",
        "SMB",
        4,
        "open",
        (),
    ),
    RequestSpec(
        "Renewal email templates for SMB",
        "noah",
        "Reminder emails 60 and 30 days before renewal.",
        "Renewal & upsell",
        "SMB",
        2,
        "open",
        ("priya",),
    ),
)

# Searches for content that does not exist: the gap report. Some find nothing at
# all; the longer ones find loosely related pieces that nobody opens.
GAP_QUERIES: tuple[str, ...] = (
    "gdpr data processing agreement",
    "gdpr dpa",
    "manufacturing case study smb",
    "vpat",
    "wcag accessibility report",
    "pipewell",
    "stackline",  # the battlecard is past its review date, so sellers no longer see it
    "italian brochure",
    "cpq quote template",
)
