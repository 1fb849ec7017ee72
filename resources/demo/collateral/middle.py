"""Demos, objection handling and pricing: decks, scripts, battlecards, price lists."""

from __future__ import annotations

from ..spec import ALL_SEGMENTS, AssetSpec, page

DEMO: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Northwind Corporate Pitch Deck",
        kind="pptx",
        description="The standard first-meeting deck: the problem, the platform, customer proof "
        "and next steps, with a talk track in the speaker notes.",
        situation=("Demo/Presentation",),
        segment=ALL_SEGMENTS,
        product=("Northwind Flow", "Northwind Forms", "Northwind Connect", "Northwind Insights"),
        persona=("Executive",),
        funnel=("Consideration",),
        age_days=60,
        popularity=10.0,
        sections=(
            page(
                "Work still runs on email and spreadsheets",
                "Open with the customer's world, not ours. Knowledge workers spend about a fifth "
                "of "
                "their week chasing status and re-keying data between systems. Every hand-off is a "
                "place where requests wait and errors creep in.",
                bullets=(
                    "20% of the week spent chasing status",
                    "Hand-offs hide delays",
                    "No one sees the whole process",
                ),
            ),
            page(
                "One platform for every process",
                "Northwind Flow runs the process, Northwind Forms collects the data, Northwind "
                "Connect ties in SAP, Salesforce, Workday and Epic, and Northwind Insights shows "
                "where time goes. Customers start with one and grow into the platform.",
                bullets=(
                    "Flow: design and run workflows",
                    "Forms: no-code forms and approvals",
                    "Connect: 300+ integrations",
                    "Insights: process analytics",
                ),
            ),
            page(
                "Customers who made the switch",
                "Pick the proof point closest to the prospect's industry and segment. Healthcare: "
                "St. Aldric. Banking: Harbor Point. Government: Brightwater County. Retail: "
                "Maple "
                "& Finch.",
                bullets=(
                    "St. Aldric Health: 38% lower cost per authorization",
                    "Harbor Point CU: loans in 2 days, not 9",
                    "Brightwater County: permits in 12 days, not 34",
                ),
            ),
            page(
                "Next steps",
                "Close the meeting by proposing a process mapping workshop and naming who should "
                "attend. Ask for the security questionnaire now if the buyer is in a regulated "
                "industry.",
                bullets=(
                    "Process mapping workshop",
                    "Technical deep dive with IT",
                    "Business case with finance",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Demo Script: Invoice Approval in 15 Minutes",
        kind="docx",
        description="Click-by-click script for the accounts payable invoice approval demo, with "
        "the story, the data set and what to say at each step.",
        situation=("Demo/Presentation",),
        segment=("SMB", "Mid-market"),
        industry=("Financial services",),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Finance",),
        funnel=("Consideration",),
        audience="internal",
        age_days=140,
        popularity=7.0,
        sections=(
            page(
                "The story",
                "An AP clerk at a 300-person distributor receives invoices by email. Anything "
                "above "
                "$5,000 needs the budget owner and anything above $25,000 the CFO. Today approvals "
                "take eleven days on average and the company misses early-payment discounts.",
                "Use the demo tenant 'Acme Distribution' and reset it before every demo from "
                "Settings > Demo data > Reset.",
            ),
            page(
                "Click by click",
                bullets=(
                    (
                        "Minute 1-3: drop a PDF invoice into the AP inbox; fields are read "
                        "automatically"
                    ),
                    (
                        "Minute 3-6: open the workflow designer and show the amount-based approval "
                        "rule"
                    ),
                    "Minute 6-9: approve from the phone and from Microsoft Teams",
                    "Minute 9-12: show the NetSuite sync through Northwind Connect",
                    "Minute 12-15: open the cycle-time dashboard and the audit trail",
                ),
            ),
            page(
                "What to say when it breaks",
                "If the invoice reader misses a field, say so and correct it: buyers trust a demo "
                "that shows how exceptions are handled. Never demo features on the roadmap as if "
                "they were shipped.",
            ),
        ),
    ),
    AssetSpec(
        title="Healthcare Demo Storyline: Prior Authorization",
        kind="pptx",
        description="Demo storyline and slides for hospital revenue cycle teams: prior "
        "authorization from order to payer decision, integrated with Epic.",
        situation=("Demo/Presentation",),
        segment=("Enterprise",),
        industry=("Healthcare",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Operations", "IT"),
        funnel=("Consideration",),
        age_days=160,
        popularity=6.5,
        sections=(
            page(
                "Today: authorizations chased by phone and fax",
                "Show the current state the prospect described in discovery: orders arrive in "
                "Epic, "
                "staff check payer rules by hand, submit on portals or by fax and chase "
                "status by "
                "phone.",
                bullets=(
                    "Orders in Epic, rules on paper",
                    "Portals, fax and phone",
                    "Denials when requests stall",
                ),
            ),
            page(
                "Automated intake from Epic",
                "Northwind Connect picks up the order through Epic's FHIR API, applies payer rules "
                "and creates a task only when a human decision is needed.",
                bullets=(
                    "FHIR order feed from Epic",
                    "Payer rules engine",
                    "Work queue by payer and urgency",
                ),
            ),
            page(
                "Results at St. Aldric Health System",
                "Fourteen hospitals, 2.1 million authorizations a year. Turnaround fell from 4.2 "
                "days to 1.1, cost per authorization fell 38 percent and denials for missing "
                "authorization fell by half.",
                bullets=(
                    "4.2 days to 1.1 days",
                    "38% lower cost per authorization",
                    "Half the authorization denials",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Northwind Connect Integration Overview",
        kind="pdf",
        description="Technical overview of Northwind Connect for IT buyers: connectors, API, "
        "authentication, data flow and limits.",
        situation=("Demo/Presentation", "Objection handling"),
        segment=("Mid-market", "Enterprise"),
        industry=("Technology",),
        product=("Northwind Connect",),
        persona=("IT",),
        funnel=("Consideration",),
        age_days=260,
        popularity=4.5,
        sections=(
            page(
                "Connectors and the integration model",
                "Northwind Connect ships more than 300 maintained connectors, including SAP "
                "S/4HANA and ECC, Salesforce, Microsoft Dynamics 365, Workday, NetSuite, "
                "ServiceNow, Epic and Oracle Health. Each connector is versioned and tested "
                "against the vendor's API releases.",
                "Where no connector exists, the REST and GraphQL API and outbound webhooks let "
                "IT teams integrate anything with an HTTP endpoint. An on-premises agent reaches "
                "systems behind the firewall without opening inbound ports.",
            ),
            page(
                "Authentication, limits and monitoring",
                "Connections authenticate with OAuth 2.0 or service accounts stored in an "
                "encrypted vault. The platform handles retries with back-off, and every call is "
                "logged with its payload hash for the audit trail.",
                table=(
                    ("Edition", "Connectors", "API calls per month"),
                    ("Starter", "5", "50,000"),
                    ("Professional", "50", "1 million"),
                    ("Enterprise", "Unlimited", "10 million, more on request"),
                ),
            ),
        ),
    ),
)

OBJECTIONS: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Battlecard: Northwind Flow vs Relay Automate",
        kind="pdf",
        description="Competitive battlecard against Relay Automate: where we win, where they "
        "win, traps to set and landmines to defuse.",
        situation=("Objection handling",),
        segment=("SMB", "Mid-market"),
        product=("Northwind Flow",),
        funnel=("Decision",),
        audience="internal",
        age_days=45,
        popularity=8.5,
        sections=(
            page(
                "Relay Automate at a glance",
                "Relay Automate is a low-cost task automation tool popular with small teams. It "
                "connects apps with simple triggers and is cheap to start, at $9 per user per "
                "month. It has no process designer, weak permissions and no audit trail, so it "
                "struggles once finance, HR or compliance get involved.",
                bullets=(
                    "We win: governance, audit trail, multi-step approvals, SAP integration",
                    "They win: price for under 20 users, consumer app integrations",
                    "Typical buyer: operations manager without IT involvement",
                ),
            ),
            page(
                "Objections and answers",
                "'Relay is half the price.' Compare the cost of the whole process, not the "
                "licence: "
                "Relay customers typically add a forms tool and an e-signature tool, and pay for "
                "the audit evidence in staff time. Harbor Point switched from Relay after failing "
                "an internal audit on loan approvals.",
                "'We already use Relay.' Keep it for simple notifications and move the regulated "
                "processes to Northwind Flow. Our Relay connector makes the coexistence painless.",
            ),
            page(
                "Traps to set",
                bullets=(
                    "Ask how they prove who approved what, and when, to an auditor",
                    "Ask what happens when an approver is on holiday",
                    "Ask how changes to a workflow are reviewed before going live",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Battlecard: Northwind Flow vs Stackline BPM",
        kind="pdf",
        description="Competitive battlecard against Stackline BPM, the legacy enterprise BPM "
        "suite: time to value, total cost and modernisation.",
        situation=("Objection handling",),
        segment=("Enterprise", "Public sector"),
        product=("Northwind Flow",),
        funnel=("Decision",),
        audience="internal",
        review_in_days=-14,
        age_days=330,
        popularity=5.0,
        sections=(
            page(
                "Stackline BPM at a glance",
                "Stackline is a Java-based business process management suite sold to large "
                "enterprises and governments since 2006. It is powerful and deeply entrenched, "
                "but projects take nine to eighteen months and need specialist developers.",
                bullets=(
                    "We win: time to value (weeks, not quarters), business-user design, SaaS",
                    "They win: incumbency, complex case management, on-premises mandates",
                    "Typical buyer: enterprise architecture team",
                ),
            ),
            page(
                "Total cost of ownership over three years",
                "Veridian Bank compared both: Stackline's licence was 20 percent cheaper, but "
                "implementation services and two full-time developers made its three-year cost "
                "2.3 times higher. Bring the TCO model to every Stackline deal.",
                table=(
                    ("Cost item", "Stackline BPM", "Northwind Flow"),
                    ("Licences (3 years)", "$540,000", "$675,000"),
                    ("Implementation", "$900,000", "$120,000"),
                    ("Specialist staff", "$840,000", "$0"),
                    ("Total", "$2,280,000", "$795,000"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Objection Handling Guide: 'We Will Build It In-House'",
        kind="docx",
        description="How to answer IT teams who want to build workflows themselves with "
        "low-code tools or custom code: cost, maintenance, risk.",
        situation=("Objection handling",),
        segment=("Enterprise", "Mid-market"),
        industry=("Technology",),
        product=("Northwind Flow",),
        persona=("IT",),
        funnel=("Decision",),
        age_days=190,
        popularity=4.0,
        sections=(
            page(
                "Understand the objection first",
                "'We can build this ourselves' usually means one of three things: IT has spare "
                "developers and a mandate to use them, a previous vendor disappointed them, or "
                "they worry about data leaving their environment. Ask which it is before "
                "answering.",
            ),
            page(
                "The build-versus-buy arithmetic",
                "A custom approval workflow with audit trail, escalations, mobile approval and "
                "three integrations takes a team of four about six months. Maintenance is 20 "
                "percent of the build each year, forever. Northwind ships updates every two weeks "
                "and carries the cost of keeping 300 connectors working.",
                table=(
                    ("", "Build in-house", "Northwind Flow"),
                    ("Time to first process", "6 months", "3 to 6 weeks"),
                    ("Year-one cost", "$480,000", "$140,000"),
                    ("Maintenance", "20% per year", "Included"),
                ),
            ),
            page(
                "Turn it into a partnership",
                "Offer IT the parts they care about: the API, the on-premises agent, Git-based "
                "change management and a sandbox. Developers who extend the platform become "
                "champions instead of competitors.",
            ),
        ),
    ),
    AssetSpec(
        title="Objection Handling: Price and Budget Pushback for SMB",
        kind="docx",
        description="Talk tracks for small-business buyers who say it is too expensive, there is "
        "no budget, or a free tool is good enough.",
        situation=("Objection handling",),
        segment=("SMB",),
        product=("Northwind Forms", "Northwind Flow"),
        persona=("Finance", "Operations"),
        funnel=("Decision",),
        age_days=130,
        popularity=5.5,
        sections=(
            page(
                "'It is too expensive'",
                "Do the arithmetic with them. Ten users on Starter cost $150 a month. If the "
                "office manager spends three hours a week chasing approvals, that alone is worth "
                "more than $400 a month. Price is only too high relative to the problem.",
            ),
            page(
                "'We have no budget this year'",
                "Offer monthly billing with no annual commitment, and start with one team. Most "
                "SMB customers expand within four months once the first form proves itself.",
                bullets=(
                    "Monthly billing, cancel anytime",
                    "Start with five users",
                    "Annual prepay saves 15 percent when budget returns",
                ),
            ),
            page(
                "'A free form tool is good enough'",
                "Free tools collect data; they do not route approvals, remind approvers or keep "
                "an audit trail. Ask what happens after someone submits the form today.",
            ),
        ),
    ),
    AssetSpec(
        title="Security and Compliance Overview",
        kind="pdf",
        description="Customer-facing summary of Northwind security: SOC 2 Type II, ISO 27001, "
        "HIPAA, EU data residency, encryption and access control.",
        situation=("Objection handling", "Proposal & pricing"),
        segment=("Enterprise", "Public sector"),
        industry=("Healthcare", "Financial services"),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("IT",),
        funnel=("Decision",),
        age_days=220,
        popularity=7.5,
        sections=(
            page(
                "Certifications and audits",
                "Northwind is audited annually for SOC 2 Type II and certified to ISO/IEC 27001. "
                "Healthcare customers sign a HIPAA business associate agreement. Penetration tests "
                "by an independent firm run twice a year; summaries are available under NDA.",
                bullets=(
                    "SOC 2 Type II, annual",
                    "ISO/IEC 27001",
                    "HIPAA BAA available",
                    "Twice-yearly penetration tests",
                ),
            ),
            page(
                "Data protection and residency",
                "Customer data is encrypted at rest with AES-256 and in transit with TLS 1.2 or "
                "higher. Enterprise customers choose hosting in the United States or the European "
                "Union (Frankfurt); data never leaves the chosen region. Customer-managed keys are "
                "available on the Enterprise edition.",
            ),
            page(
                "Access control and audit trail",
                "Single sign-on with SAML 2.0 or OpenID Connect, SCIM provisioning, role-based "
                "permissions down to the field and a tamper-evident audit trail of every action. "
                "Administrators can export the audit log to Splunk or Microsoft Sentinel.",
            ),
        ),
    ),
)

PRICING: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Pricing Sheet 2025: Northwind Editions",
        kind="pdf",
        description="List prices for Starter, Professional and Enterprise, add-ons, and what "
        "each edition includes. Current for 2025.",
        situation=("Proposal & pricing",),
        segment=("SMB", "Mid-market", "Enterprise"),
        product=("Northwind Flow", "Northwind Forms", "Northwind Connect", "Northwind Insights"),
        persona=("Finance", "Procurement"),
        funnel=("Decision",),
        age_days=25,
        popularity=9.5,
        sections=(
            page(
                "Editions and list prices",
                "All prices are per user per month, billed annually, in US dollars. Monthly "
                "billing on Starter adds 15 percent.",
                table=(
                    ("Edition", "Price", "Includes"),
                    ("Starter", "$15 per user", "Flow and Forms, 5 connectors, up to 50 users"),
                    (
                        "Professional",
                        "$35 per user",
                        "Adds Connect with 50 connectors, SSO, sandbox",
                    ),
                    (
                        "Enterprise",
                        "$95,000 platform fee + $28 per user",
                        "Unlimited connectors, EU residency, 99.9% SLA",
                    ),
                ),
            ),
            page(
                "Add-ons and services",
                "Northwind Insights is an add-on at $24,000 per year on Professional and "
                "Enterprise. Premier support adds 12 percent of the subscription. Implementation "
                "packages are fixed price: Quick Start $8,500, Standard $35,000, Enterprise "
                "from "
                "$90,000.",
                bullets=(
                    "Northwind Insights: $24,000 per year",
                    "Premier support: 12% of subscription, 1-hour response",
                    "Additional API calls: $500 per million",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="ROI Worksheet: Accounts Payable Automation",
        kind="docx",
        description="Fill-in ROI worksheet for invoice approval automation: volumes, cost per "
        "invoice, early-payment discounts and payback period.",
        situation=("Proposal & pricing",),
        segment=("Mid-market", "Enterprise"),
        industry=("Financial services", "Manufacturing"),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Finance",),
        funnel=("Decision",),
        age_days=170,
        popularity=6.0,
        sections=(
            page(
                "Inputs from the customer",
                "Fill these with the customer's finance team, never alone. Use their numbers even "
                "if they look low: a conservative business case survives the CFO.",
                table=(
                    ("Input", "Example", "Customer value"),
                    ("Invoices per month", "6,000", ""),
                    ("Minutes of handling per invoice", "14", ""),
                    ("Loaded cost per AP hour", "$42", ""),
                    ("Share of invoices eligible for 2% early-payment discount", "30%", ""),
                    ("Average invoice value", "$3,800", ""),
                ),
            ),
            page(
                "Savings and payback",
                "With the example inputs, automation cuts handling from 14 to 5 minutes per "
                "invoice, saving $453,600 a year in staff time. Capturing half of the available "
                "early-payment discounts adds $820,800. Against a first-year cost of $190,000 the "
                "payback period is under two months.",
                table=(
                    ("Result", "Example"),
                    ("Cost per invoice before", "$9.80"),
                    ("Cost per invoice after", "$3.50"),
                    ("Annual savings", "$1,274,400"),
                    ("Payback period", "1.8 months"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Proposal Template: Enterprise Platform Agreement",
        kind="docx",
        description="Editable proposal for enterprise deals: executive summary, scope, "
        "implementation plan, commercial terms and signatures.",
        situation=("Proposal & pricing",),
        segment=("Enterprise",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Procurement", "Executive"),
        funnel=("Decision",),
        age_days=280,
        popularity=5.0,
        sections=(
            page(
                "Executive summary",
                "Replace the bracketed text. {Customer} will automate {process} across {number} "
                "sites, reducing {metric} from {before} to {after} within {months} months. The "
                "proposal covers subscription, implementation and success services.",
            ),
            page(
                "Scope and implementation plan",
                table=(
                    ("Phase", "Weeks", "Outcome"),
                    ("Design", "1-3", "Process maps and integration design signed off"),
                    ("Build", "4-8", "Workflows, forms and SAP connector configured"),
                    ("Pilot", "9-12", "One business unit live with success metrics"),
                    ("Roll-out", "13-20", "All sites live; admins trained"),
                ),
            ),
            page(
                "Commercial terms",
                "Three-year subscription, invoiced annually in advance. Prices are fixed for the "
                "term; additional users are co-termed at the contracted rate. The proposal is "
                "valid for 30 days and subject to the Northwind Master Subscription Terms.",
            ),
        ),
    ),
    AssetSpec(
        title="Business Case Deck: Healthcare Revenue Cycle",
        kind="pptx",
        description="Board-ready business case for hospital CFOs: cost per authorization, denial "
        "reduction, staffing, and a three-year financial model.",
        situation=("Proposal & pricing",),
        segment=("Enterprise",),
        industry=("Healthcare",),
        product=("Northwind Flow", "Northwind Insights"),
        persona=("Executive", "Finance"),
        funnel=("Decision",),
        age_days=90,
        popularity=4.0,
        sections=(
            page(
                "The cost of manual revenue cycle work",
                "A 10-hospital system processes roughly 1.5 million prior authorizations a year. "
                "At $12 each that is $18 million in staff time, before denials and write-offs.",
                bullets=(
                    "1.5M authorizations a year",
                    "$12 per authorization",
                    "$18M in staff time",
                ),
            ),
            page(
                "Three-year financial model",
                "Conservative case, using St. Aldric's results discounted by half.",
                table=(
                    ("", "Year 1", "Year 2", "Year 3"),
                    ("Savings", "$2.1M", "$3.4M", "$3.6M"),
                    ("Cost", "$0.9M", "$0.6M", "$0.6M"),
                    ("Net benefit", "$1.2M", "$2.8M", "$3.0M"),
                ),
            ),
            page(
                "Risks and how we manage them",
                "Integration with Epic and payer portals is the main risk; Northwind Connect's "
                "certified Epic connector and a fixed-price implementation reduce it.",
                bullets=(
                    "Certified Epic connector",
                    "Fixed-price implementation",
                    "Success metrics in the contract",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Public Sector Pricing and Cooperative Contracts",
        kind="pdf",
        description="Government pricing, the StateBuy cooperative contract, FedRAMP status and "
        "how agencies can buy without a full RFP.",
        situation=("Proposal & pricing",),
        segment=("Public sector",),
        industry=("Education",),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Procurement",),
        funnel=("Decision",),
        age_days=150,
        popularity=2.0,
        sections=(
            page(
                "Government pricing",
                "State and local government, public schools and universities receive 18 percent "
                "off list on every edition. Agency-wide licences for unlimited internal users are "
                "available from $120,000 per year.",
                table=(
                    ("Edition", "Government price"),
                    ("Starter", "$12.30 per user per month"),
                    ("Professional", "$28.70 per user per month"),
                    ("Agency-wide", "from $120,000 per year"),
                ),
            ),
            page(
                "Buying without an RFP",
                "The StateBuy cooperative contract NW-2291 was competitively awarded and can be "
                "used by agencies in 31 states. School districts such as Lakeside Unified bought "
                "through it in six weeks. FedRAMP Moderate authorization is in process; federal "
                "deals should involve the public sector team.",
            ),
        ),
    ),
)

ASSETS: tuple[AssetSpec, ...] = DEMO + OBJECTIONS + PRICING
