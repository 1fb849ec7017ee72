"""A labelled relevance set: what sellers type, and the assets that answer it.

Each case is a realistic query against the demo collateral (short keywords,
as-you-type prefixes, long questions, some with a segment or situation
filter) with the titles a good search puts first. Any of the expected titles
at rank r counts as a hit at r; `tests/enablement/test_relevance_demo.py`
holds the search to a floor on these, and the demo's usage log reuses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    as_you_type: bool = False


ST_ALDRIC = "Case Study: St. Aldric Health System Cuts Prior Authorization Costs 38%"
RELAY = "Battlecard: Northwind Flow vs Relay Automate"
PRICING = "Pricing Sheet 2025: Northwind Editions"
PITCH = "Northwind Corporate Pitch Deck"

CASES: tuple[Case, ...] = (
    # short keyword queries
    Case("pricing", (PRICING,)),
    Case("relay automate", (RELAY,)),
    Case("hipaa baa", ("Security and Compliance Overview",)),
    Case("roi", ("ROI Worksheet: Accounts Payable Automation",)),
    Case("pitch deck", (PITCH,)),
    Case("prior authorization", (ST_ALDRIC, "Healthcare Demo Storyline: Prior Authorization")),
    Case("meddpicc", ("MEDDPICC Qualification Worksheet",)),
    Case("discount approval", ("Negotiation Playbook: Discount Guardrails",)),
    Case("mutual action plan", ("Mutual Action Plan Template",)),
    Case("soc 2", ("Security and Compliance Overview",)),
    Case("qbr", ("Quarterly Business Review Deck Template",)),
    Case(
        "carrier onboarding", ("Case Study: Cobalt Lane Logistics Onboards Carriers in 18 Hours",)
    ),
    Case(
        "building permits",
        (
            "Case Study: Brightwater County Issues Permits in 12 Days",
            "Public Sector Prospecting Guide: Permits and Case Management",
        ),
    ),
    # as-you-type prefixes
    Case("battlec", (RELAY,), as_you_type=True),
    Case(
        "onboard",
        (
            "Customer Onboarding Plan: First 90 Days",
            "SMB Quick-Start Onboarding Checklist",
            "Onboarding Kickoff Deck",
        ),
        as_you_type=True,
    ),
    Case("insig", ("Upsell Guide: Adding Northwind Insights",), as_you_type=True),
    Case(
        "credit un",
        (
            "Case Study: Harbor Point Credit Union Speeds Up Loan Onboarding",
            "Call Openers and LinkedIn Messages for Financial Services",
        ),
        as_you_type=True,
    ),
    # with a typo
    Case("prcing sheet", (PRICING,)),
    Case("healthcare case studdy", (ST_ALDRIC,)),
    # natural-language questions
    Case(
        "what questions should I ask a hospital CFO in discovery",
        ("Discovery Question Guide: Enterprise Healthcare",),
    ),
    Case(
        "how do I answer a customer who says they will build it in-house",
        ("Objection Handling Guide: 'We Will Build It In-House'",),
    ),
    Case("customer says relay is half the price", (RELAY,)),
    Case("how much does the enterprise edition cost per user", (PRICING,)),
    Case(
        "case study of a bank or credit union cutting loan onboarding time",
        ("Case Study: Harbor Point Credit Union Speeds Up Loan Onboarding",),
    ),
    Case(
        "what to do when an smb customer wants to cancel",
        ("Churn-Risk Save Plays for SMB Customers",),
    ),
    Case(
        "engineering change requests at a manufacturer",
        (
            "Discovery Questions for Manufacturing Plant Operations",
            "Fallstudie: Kessler Fahrzeugteile verkürzt Änderungsprozesse um 41 %",
        ),
    ),
    Case("is customer data hosted in the EU", ("Security and Compliance Overview",)),
    Case(
        "email templates to prospect into hospitals",
        ("Cold Email Templates: Healthcare Operations Leaders",),
    ),
    Case(
        "how can a county buy without an RFP",
        (
            "Public Sector Pricing and Cooperative Contracts",
            "Public Sector Prospecting Guide: Permits and Case Management",
        ),
    ),
    # with filters
    Case("case study", (ST_ALDRIC,), {"segment": ("Enterprise",), "language": ("English",)}),
    Case(
        "case study",
        ("Case Study: Maple & Finch Runs 42 Stores on Northwind Forms",),
        {"segment": ("SMB",)},
    ),
    Case(
        "objection price",
        ("Objection Handling: Price and Budget Pushback for SMB",),
        {"segment": ("SMB",)},
    ),
    Case(
        "discovery questions",
        ("Discovery Call Guide: SMB Quick Qualification",),
        {"segment": ("SMB",)},
    ),
    Case(
        "renewal",
        ("Renewal Playbook: Enterprise Accounts",),
        {"situation": ("Renewal & upsell",), "segment": ("Enterprise",)},
    ),
    # other languages
    Case(
        "Fallstudie Fertigung",
        ("Fallstudie: Kessler Fahrzeugteile verkürzt Änderungsprozesse um 41 %",),
    ),
    Case("étude de cas hospitalier", ("Étude de cas : Groupe Hospitalier Val de Loire",)),
    Case("objeciones precio", ("Guía de objeciones: precio y seguridad",)),
    Case("Datenschutz Hosting Deutschland", ("Produktübersicht Northwind Flow (Deutsch)",)),
)
