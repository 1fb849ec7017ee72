"""Negotiation and closing: discount guardrails, case studies, mutual action plans."""

from __future__ import annotations

from ..spec import AssetSpec, page

NEGOTIATION: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Negotiation Playbook: Discount Guardrails",
        kind="pdf",
        description="Internal rules for discounts and concessions by deal size, who approves "
        "what, and what to ask for in return.",
        situation=("Negotiation",),
        segment=("Mid-market", "Enterprise"),
        persona=("Sales leader",),
        funnel=("Decision",),
        audience="internal",
        age_days=70,
        popularity=7.0,
        sections=(
            page(
                "Discount approval matrix",
                "Discounts are a trade, never a gift. Every concession needs something in return: "
                "a longer term, a case study, a faster signature or a bigger first-year "
                "commitment.",
                table=(
                    ("Discount off list", "Who approves", "Typical trade"),
                    ("Up to 10%", "Account executive", "Signature this quarter"),
                    ("10-20%", "Regional sales director", "Three-year term"),
                    ("20-30%", "VP Sales and Finance", "Multi-year plus case study"),
                    ("Above 30%", "CFO", "Strategic logo, deal desk review"),
                ),
            ),
            page(
                "Concessions that cost us little",
                bullets=(
                    "Extra sandbox environments",
                    "Implementation start date flexibility",
                    "Quarterly instead of annual invoicing in year one",
                    "Price lock on additional users for the term",
                    "Executive sponsor from Northwind leadership",
                ),
                notes="Never discount Premier support or implementation services below cost.",
            ),
        ),
    ),
    AssetSpec(
        title="Multi-Year Deal Structures Cheat Sheet",
        kind="docx",
        description="Ramped, flat and prepaid multi-year structures with examples, and how to "
        "present them to finance and procurement.",
        situation=("Negotiation",),
        segment=("Enterprise",),
        persona=("Finance", "Procurement"),
        funnel=("Decision",),
        audience="internal",
        age_days=250,
        popularity=1.0,
        sections=(
            page(
                "Three structures",
                table=(
                    ("Structure", "How it works", "When to use"),
                    ("Ramped", "Users grow 40/70/100% over three years", "Phased roll-outs"),
                    ("Flat", "Same price every year, locked", "Budget certainty for the buyer"),
                    (
                        "Prepaid",
                        "Three years paid up front, extra 8% off",
                        "Cash-rich buyers at year end",
                    ),
                ),
            ),
            page(
                "Presenting to procurement",
                "Procurement teams compare total contract value. Show the three-year total for "
                "each structure side by side and let them choose; the ramp usually wins because it "
                "matches the roll-out plan and keeps year-one spend low.",
            ),
        ),
    ),
    AssetSpec(
        title="Procurement Negotiation Email Templates",
        kind="docx",
        description="Emails for the procurement stage: responding to a discount request, "
        "holding price, redlines and the final push before quarter end.",
        situation=("Negotiation",),
        segment=("Mid-market", "Enterprise"),
        persona=("Procurement",),
        funnel=("Decision",),
        age_days=100,
        popularity=3.0,
        sections=(
            page(
                "Responding to a discount request",
                "Thank you for the feedback on pricing. Before we discuss the number, could we "
                "confirm the scope? If the roll-out starts with the finance team and expands to "
                "operations in year two, a ramped structure lowers year-one cost by 30 percent "
                "without changing the unit price.",
            ),
            page(
                "Holding the price",
                "We have looked hard at the proposal. The price reflects a fixed-price "
                "implementation and Premier support that your team asked for. What we can offer "
                "is a price lock on additional users for the full three-year term.",
            ),
            page(
                "Quarter-end push",
                "If we can have the signed order form by the 28th, I have approval to include the "
                "second sandbox and the Insights pilot at no charge. After that date I cannot "
                "guarantee either.",
            ),
        ),
    ),
)

CASE_STUDIES: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Case Study: St. Aldric Health System Cuts Prior Authorization Costs 38%",
        kind="pdf",
        description="How a 14-hospital health system automated prior authorization with "
        "Northwind Flow and Epic: 38% lower cost, turnaround from 4.2 to 1.1 days.",
        situation=("Closing", "Proposal & pricing"),
        segment=("Enterprise",),
        industry=("Healthcare",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Executive", "Finance"),
        funnel=("Decision",),
        age_days=210,
        popularity=10.0,
        slug="case-study-st-aldric-health",
        sections=(
            page(
                "The challenge",
                "St. Aldric Health System runs 14 hospitals and 160 clinics in the Midwest and "
                "processes 2.1 million prior authorizations a year. Staff checked payer rules by "
                "hand, submitted requests through eleven payer portals and fax, and chased status "
                "by phone. Turnaround averaged 4.2 days and authorization-related denials cost the "
                "system $9 million a year.",
                (
                    "Patient access turnover reached 31 percent, and every open role made the "
                    "backlog "
                    "worse."
                ),
            ),
            page(
                "The solution",
                "St. Aldric connected Epic to Northwind Flow through Northwind Connect. Orders "
                "that need authorization now arrive automatically, payer rules decide which "
                "requests can be submitted without human review, and staff work a single queue "
                "sorted by urgency and payer.",
                "The first service line went live in ten weeks; all 14 hospitals followed within "
                "seven months. IT spent less than one full-time engineer on the project.",
            ),
            page(
                "The results",
                "'We gave our patient access team their day back,' says Dr. Renata Okafor, chief "
                "revenue officer. 'Patients get answers faster and our denial rate is the lowest "
                "it has been in a decade.'",
                table=(
                    ("Measure", "Before", "After"),
                    ("Turnaround", "4.2 days", "1.1 days"),
                    ("Cost per authorization", "$12.40", "$7.70"),
                    ("Authorization denials", "$9.0M a year", "$4.3M a year"),
                    ("Annual savings", "", "$3.1M"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Case Study: Harbor Point Credit Union Speeds Up Loan Onboarding",
        kind="pdf",
        description="A 220,000-member credit union cut consumer loan onboarding from nine days "
        "to two and passed its audit with Northwind Flow.",
        situation=("Closing",),
        segment=("Mid-market",),
        industry=("Financial services",),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Operations", "Executive"),
        funnel=("Decision",),
        age_days=160,
        popularity=6.0,
        slug="case-study-harbor-point-credit-union",
        sections=(
            page(
                "The challenge",
                "Harbor Point Credit Union serves 220,000 members from 18 branches. Consumer loans "
                "took nine days from application to funding because documents arrived by email, "
                "were checked by hand and re-keyed into the core banking system. An internal "
                "audit found gaps in the approval evidence for 7 percent of loans.",
            ),
            page(
                "The solution and results",
                "Members now upload documents through a Northwind Forms portal; Northwind Flow "
                "routes each loan by amount and risk, and every decision is recorded. Switching "
                "from Relay Automate took six weeks.",
                table=(
                    ("Measure", "Before", "After"),
                    ("Application to funding", "9 days", "2 days"),
                    ("Manual touches per loan", "26", "18"),
                    ("Audit exceptions", "7%", "0%"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Case Study: Maple & Finch Runs 42 Stores on Northwind Forms",
        kind="pdf",
        description="A home goods retailer with 42 stores replaced paper checklists and "
        "maintenance requests, saving 600 store-manager hours a quarter.",
        situation=("Closing", "Prospecting"),
        segment=("SMB",),
        industry=("Retail",),
        product=("Northwind Forms",),
        persona=("Operations",),
        funnel=("Decision",),
        age_days=120,
        popularity=3.0,
        slug="case-study-maple-and-finch",
        sections=(
            page(
                "The challenge",
                "Store managers at Maple & Finch filled in paper opening and closing checklists, "
                "phoned maintenance requests to head office and emailed photos of planogram "
                "changes. Head office had no idea which stores were compliant.",
            ),
            page(
                "The results",
                "Every checklist and request is now a Northwind Form on the store tablet. "
                "Maintenance tickets are routed to the right contractor automatically, and the "
                "operations director sees compliance for all 42 stores on one screen.",
                bullets=(
                    "600 store-manager hours saved per quarter",
                    "Maintenance response time down from 5 days to 36 hours",
                    "Live in four days, on the Starter edition",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Case Study: Brightwater County Issues Permits in 12 Days",
        kind="pdf",
        description="A county government moved building permits online with Northwind Flow and "
        "Forms, cutting cycle time from 34 days to 12.",
        situation=("Closing",),
        segment=("Public sector",),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Executive",),
        funnel=("Decision",),
        age_days=190,
        popularity=2.5,
        slug="case-study-brightwater-county",
        sections=(
            page(
                "The challenge",
                "Brightwater County, population 410,000, received 9,000 building permit "
                "applications a year on paper and PDF. Applications waited in plan reviewers' "
                "inboxes, contractors called the counter for status, and the average permit took "
                "34 days.",
            ),
            page(
                "The results",
                "Contractors now apply online and see their status; plan review, fire and zoning "
                "work in parallel instead of in sequence. The county bought through the StateBuy "
                "cooperative contract and went live in 14 weeks.",
                table=(
                    ("Measure", "Before", "After"),
                    ("Permit cycle time", "34 days", "12 days"),
                    ("Status calls to the counter", "1,100 a month", "180 a month"),
                    ("Online applications", "0%", "92%"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Case Study: Cobalt Lane Logistics Onboards Carriers in 18 Hours",
        kind="pdf",
        description="A mid-market freight broker automated carrier onboarding and compliance "
        "checks with Northwind Flow and Connect.",
        situation=("Closing",),
        segment=("Mid-market",),
        industry=("Logistics",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Operations",),
        funnel=("Decision",),
        age_days=20,
        popularity=2.0,
        slug="case-study-cobalt-lane-logistics",
        sections=(
            page(
                "The challenge",
                "Cobalt Lane Logistics brokers 3,000 truckloads a week across 4,500 carriers. "
                "Onboarding a new carrier meant collecting insurance certificates, W-9 forms and "
                "safety ratings by email, and took six days; loads were lost to competitors in "
                "the meantime.",
            ),
            page(
                "The results",
                "Carriers onboard themselves through a Northwind Forms portal; Northwind Connect "
                "checks insurance and safety data automatically and flags exceptions to the "
                "compliance team.",
                bullets=(
                    "Carrier onboarding from 6 days to 18 hours",
                    "Insurance lapses caught before dispatch: 100%",
                    "Two compliance analysts moved to carrier development",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Mutual Action Plan Template",
        kind="docx",
        description="A shared close plan with the buyer: milestones, owners and dates from "
        "technical validation to signature and kickoff.",
        situation=("Closing",),
        segment=("Mid-market", "Enterprise"),
        persona=("Executive", "Procurement"),
        funnel=("Decision",),
        age_days=310,
        popularity=4.5,
        sections=(
            page(
                "Why a mutual action plan",
                "Share this plan with your champion after the business case is agreed. Work "
                "backwards from the go-live date the customer cares about; every step has an "
                "owner on their side and ours. Deals with a shared plan close 20 days faster.",
            ),
            page(
                "The plan",
                table=(
                    ("Milestone", "Owner", "Target date"),
                    ("Security review complete", "Customer IT", "Week 1"),
                    ("Business case approved", "Customer CFO", "Week 2"),
                    ("Redlines agreed", "Legal, both sides", "Week 3"),
                    ("Order form signed", "Customer procurement", "Week 4"),
                    ("Kickoff", "Northwind onboarding", "Week 5"),
                ),
            ),
        ),
    ),
)

ASSETS: tuple[AssetSpec, ...] = NEGOTIATION + CASE_STUDIES
