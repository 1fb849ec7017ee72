"""Prospecting and discovery: one-pagers, openers, question guides, workshops."""

from __future__ import annotations

from ..spec import ALL_SEGMENTS, AssetSpec, page

ASSETS: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Northwind Flow Product One-Pager",
        kind="pdf",
        description="Two-page overview of Northwind Flow for first meetings: what it automates, "
        "who buys it and three proof points.",
        situation=("Prospecting", "Demo/Presentation"),
        segment=ALL_SEGMENTS,
        product=("Northwind Flow",),
        persona=("Executive", "Operations"),
        funnel=("Awareness",),
        age_days=300,
        popularity=9.0,
        sections=(
            page(
                "Northwind Flow: workflow automation your teams actually adopt",
                "Northwind Flow turns the approvals, hand-offs and checklists that live in email "
                "and spreadsheets into visual workflows with owners, deadlines and an audit trail. "
                "Operations teams design a process in the drag-and-drop designer in an afternoon; "
                "IT keeps control of data access, single sign-on and change management.",
                "More than 1,200 organisations run 40,000 live workflows on Northwind Flow, from "
                "purchase approvals at a 40-person retailer to prior authorization at a "
                "14-hospital "
                "health system. The median customer is live with a first process in 23 days.",
                bullets=(
                    "Visual process designer with rules, service levels and escalations",
                    "Role-based access, SAML single sign-on and a complete audit trail",
                    (
                        "300+ connectors through Northwind Connect: SAP, Salesforce, Workday, "
                        "Epic, "
                        "NetSuite"
                    ),
                    "Mobile approvals and reminders in Microsoft Teams and Slack",
                ),
            ),
            page(
                "Proof points and where to start",
                "St. Aldric Health System cut the cost of each prior authorization by 38 percent. "
                "Harbor Point Credit Union opens consumer loans in two days instead of nine. "
                "Brightwater County issues building permits in 12 days instead of 34.",
                "Good first processes are frequent, rule-based and painful: invoice approval, "
                "employee onboarding, vendor onboarding, change requests, customer complaints. "
                "Ask which process generates the most chasing emails and start there.",
                table=(
                    ("Customer", "Industry", "Result"),
                    (
                        "St. Aldric Health System",
                        "Healthcare",
                        "38% lower cost per prior authorization",
                    ),
                    (
                        "Harbor Point Credit Union",
                        "Financial services",
                        "Loan onboarding 9 days to 2",
                    ),
                    ("Brightwater County", "Public sector", "Permit cycle time 34 days to 12"),
                    ("Maple & Finch", "Retail", "600 store-manager hours saved per quarter"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Northwind Forms One-Pager for Small Businesses",
        kind="pdf",
        description="A short, price-forward overview of Northwind Forms for SMB prospects "
        "replacing paper and spreadsheet approvals.",
        situation=("Prospecting",),
        segment=("SMB",),
        industry=("Retail",),
        product=("Northwind Forms",),
        persona=("Operations",),
        funnel=("Awareness",),
        age_days=200,
        popularity=4.0,
        sections=(
            page(
                "Replace paper forms and spreadsheet approvals in a week",
                "Northwind Forms lets an office manager build a purchase request, a time-off form "
                "or a store inspection checklist without writing code. Each submission is routed "
                "to "
                "the right approver, reminders go out automatically and every decision is logged.",
                "Small businesses start on the Starter edition at $15 per user per month with no "
                "platform fee and no implementation project. Most teams publish their first form "
                "the same day they sign up.",
                bullets=(
                    "Drag-and-drop form builder with conditional fields and file uploads",
                    "E-signatures and approvals on the phone",
                    "Exports to Excel, QuickBooks and Google Sheets",
                ),
            ),
            page(
                "What small teams automate first",
                "Maple & Finch, a 42-store home goods retailer, moved store opening checklists and "
                "maintenance requests to Northwind Forms and saved 600 store-manager hours a "
                "quarter. "
                "A dental group with nine practices replaced faxed supply orders in four days.",
                "Typical first forms: expense claims, purchase requests, equipment checkout, "
                "incident reports, new-hire paperwork and customer returns.",
            ),
        ),
    ),
    AssetSpec(
        title="Cold Email Templates: Healthcare Operations Leaders",
        kind="docx",
        description="Five-touch outbound sequence for VPs of revenue cycle and patient access at "
        "hospitals and health systems, with subject lines and call openers.",
        situation=("Prospecting",),
        segment=("Enterprise", "Mid-market"),
        industry=("Healthcare",),
        product=("Northwind Flow",),
        persona=("Operations", "Executive"),
        funnel=("Awareness",),
        age_days=150,
        popularity=5.0,
        sections=(
            page(
                "Email 1: the prior authorization backlog",
                "Subject: 4.2 days to 1.1 days for prior authorizations",
                "Hi {first_name}, most revenue cycle teams we talk to are chasing prior "
                "authorizations across payer portals, fax and email, and denials pile up when a "
                "request stalls. St. Aldric Health System moved the whole process into Northwind "
                "Flow and cut turnaround from 4.2 days to 1.1 days. Worth 20 minutes to compare "
                "notes on how your team handles it today?",
            ),
            page(
                "Email 2 and 3: cost and staffing angle",
                "Subject: the cost of one prior authorization",
                "Each manual authorization costs a health system $11 to $14 in staff time. St. "
                "Aldric brought that down by 38 percent without adding headcount, while patient "
                "access staff turnover fell because the work became predictable.",
                "Subject: a question about your patient access team. If hiring for patient "
                "access is as hard for you as for most systems this year, automating the status "
                "chasing is the fastest way to give the team capacity back.",
            ),
            page(
                "Emails 4 and 5, and the call opener",
                "Email 4 shares the two-page St. Aldric case study. Email 5 is the break-up note: "
                "'Should I close the loop, or is prior authorization on the roadmap for next "
                "quarter?'",
                "Call opener: 'I work with revenue cycle leaders on the prior authorization "
                "backlog. I am calling because St. Aldric cut turnaround to about a day, and I "
                "wondered how long yours takes today.'",
                bullets=(
                    "Personalise the first line with the hospital's payer mix or a recent merger",
                    "Send Tuesday to Thursday, 7 to 9 am local time",
                    "Log every touch so marketing can see which subject lines work",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Call Openers and LinkedIn Messages for Financial Services",
        kind="docx",
        description="Openers, voicemail scripts and LinkedIn notes for COOs and lending leaders at "
        "banks and credit unions.",
        situation=("Prospecting",),
        segment=("Mid-market",),
        industry=("Financial services",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Operations", "Executive"),
        funnel=("Awareness",),
        age_days=95,
        popularity=2.5,
        sections=(
            page(
                "Why lending and operations leaders take the call",
                "Credit unions and regional banks lose members when loan onboarding takes more "
                "than "
                "a week. Compliance teams spend days assembling audit evidence. Both problems are "
                "hand-offs between the loan origination system, document collection and the core.",
                "Harbor Point Credit Union cut loan onboarding from nine days to two and removed "
                "31 percent of manual touches. Lead with that number.",
            ),
            page(
                "Openers and voicemail",
                "Opener: 'You are probably seeing members shop rates on their phone and sign "
                "wherever the loan arrives first. Harbor Point now funds in two days; may I ask "
                "how "
                "long your team takes from application to funding?'",
                "Voicemail: 'This is {name} from Northwind. Harbor Point Credit Union cut loan "
                "onboarding from nine days to two with us. I will send the one-page summary by "
                "email; call me back if it is worth a conversation.'",
            ),
            page(
                "LinkedIn connection notes",
                bullets=(
                    (
                        "Congratulations on the new branch opening; curious how you are scaling "
                        "loan "
                        "operations"
                    ),
                    (
                        "Saw your talk on member experience; we helped Harbor Point fund loans in "
                        "two "
                        "days"
                    ),
                    (
                        "Fellow credit union nerd here: how are you handling audit evidence for "
                        "the "
                        "NCUA exam?"
                    ),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Public Sector Prospecting Guide: Permits and Case Management",
        kind="pdf",
        description="How to open conversations with cities, counties and state agencies about "
        "permits, licensing and case management, including buying cycles.",
        situation=("Prospecting",),
        segment=("Public sector",),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Executive", "IT"),
        funnel=("Awareness",),
        age_days=240,
        popularity=1.5,
        sections=(
            page(
                "Where government buyers feel the pain",
                "Residents expect to apply for a building permit, a business licence or a records "
                "request online and see its status. Most agencies still run these processes on "
                "paper, shared drives and a twenty-year-old case system, and the backlog is "
                "visible in every council meeting.",
                "Brightwater County moved building permits to Northwind Flow and Northwind Forms "
                "and now issues them in 12 days instead of 34. Plan reviewers see their queue, "
                "applicants see their status, and the county clerk gets monthly reports.",
            ),
            page(
                "Buying cycles, budgets and contract vehicles",
                "Public sector deals follow the fiscal year. Budget requests are written six to "
                "nine months ahead; procurement uses cooperative contracts to avoid a full RFP. "
                "Northwind is available on the StateBuy cooperative contract NW-2291, which most "
                "counties and cities in 31 states can use directly.",
                bullets=(
                    "Find the agency's strategic plan and quote its digital service goals",
                    "Ask whether American Rescue Plan or modernization grant funds remain",
                    "Involve the CIO early: hosting, accessibility and records retention matter",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Discovery Question Guide: Enterprise Healthcare",
        kind="pdf",
        description="Discovery questions for health systems by persona (CFO, revenue cycle, "
        "patient access, IT) with what good answers sound like.",
        situation=("Discovery",),
        segment=("Enterprise",),
        industry=("Healthcare",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Executive", "Finance", "IT", "Operations"),
        funnel=("Consideration",),
        age_days=180,
        popularity=8.0,
        sections=(
            page(
                "Before the call: what to know about a health system",
                "Read the system's latest annual report or bond disclosure for operating margin, "
                "number of hospitals and recent acquisitions. Check which EHR they run; most of "
                "our "
                "enterprise healthcare customers run Epic or Oracle Health. Look for open roles in "
                "revenue cycle or patient access, a sign of a staffing problem.",
                "The goal of discovery is to find one process with measurable cost, a named owner "
                "and a deadline. In healthcare the best candidates are prior authorization, "
                "referral management, credentialing and denial appeals.",
            ),
            page(
                "Questions for the CFO and revenue cycle leader",
                bullets=(
                    "What does one prior authorization cost you today, including rework?",
                    "What share of denials are caused by missing or late authorizations?",
                    "How many FTEs work in patient access, and how many open roles do you have?",
                    "Which payers cause the most delays, and how do you track them?",
                    "If turnaround fell from four days to one, what would that be worth to you?",
                ),
                notes=(
                    "A good answer has a number in it. If the leader cannot quantify, ask who can."
                ),
            ),
            page(
                "Questions for IT and security",
                bullets=(
                    "Which EHR and which version; do you use Epic Bridges or FHIR APIs?",
                    "Will you need a HIPAA business associate agreement before a pilot?",
                    "Who approves new SaaS vendors, and how long does a security review take?",
                    "How do you provision users: Azure AD, Okta, something else?",
                ),
                notes=(
                    "Security reviews at health systems take six to ten weeks; start them in "
                    "discovery."
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Discovery Call Guide: SMB Quick Qualification",
        kind="docx",
        description="A 20-minute discovery call structure for small businesses: pain, owner, "
        "timing and budget, and when to send the Starter trial.",
        situation=("Discovery",),
        segment=("SMB",),
        product=("Northwind Forms", "Northwind Flow"),
        persona=("Operations",),
        funnel=("Consideration",),
        age_days=110,
        popularity=6.0,
        sections=(
            page(
                "A 20-minute call in four parts",
                "Small business buyers decide fast and hate long calls. Spend five minutes on the "
                "process that hurts, five on who owns it, five on timing and five on showing one "
                "form that solves it. If the owner is on the call, offer the Starter trial at "
                "the "
                "end.",
                table=(
                    ("Minutes", "Goal", "Question to ask"),
                    ("0-5", "Pain", "Which request do you chase most by email or phone?"),
                    ("5-10", "Owner", "Who would build and change the form?"),
                    ("10-15", "Timing", "What happens if this is still manual in three months?"),
                    ("15-20", "Show", "May I build that form with you right now?"),
                ),
            ),
            page(
                "Qualify out early",
                "Fewer than five users, no repeatable process or a buyer who only wants a "
                "free tool are signs to point the prospect to self-service sign-up and move on.",
                bullets=(
                    "Budget: Starter is $15 per user per month; ask if that fits before the demo",
                    "Authority: in SMB the owner or office manager usually signs alone",
                    "Need: one painful, frequent process is enough to start",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="MEDDPICC Qualification Worksheet",
        kind="docx",
        description="Internal worksheet to qualify mid-market and enterprise opportunities with "
        "MEDDPICC, with examples from Northwind deals.",
        situation=("Discovery",),
        segment=("Mid-market", "Enterprise"),
        persona=("Sales leader",),
        funnel=("Consideration",),
        audience="internal",
        age_days=400,
        popularity=3.0,
        sections=(
            page(
                "How to use this worksheet",
                "Fill in the worksheet after the second discovery call and update it before every "
                "forecast review. A field you cannot fill is a question for the next call, not a "
                "guess. Deals above $100,000 annual value need every field before commit.",
                table=(
                    ("Letter", "Meaning", "Northwind example"),
                    ("M", "Metrics", "Cut cost per invoice from $9.40 to $3.10"),
                    ("E", "Economic buyer", "CFO signs anything above $75,000"),
                    ("D", "Decision criteria", "SAP integration, SSO, audit trail"),
                    ("D", "Decision process", "IT security review, then procurement, then CFO"),
                    ("P", "Paper process", "MSA redlines by legal take three weeks"),
                    ("I", "Identify pain", "Month-end close slips by four days"),
                    ("C", "Champion", "AP manager who built the business case"),
                    ("C", "Competition", "Relay Automate and an in-house build"),
                ),
            ),
            page(
                "Red flags",
                bullets=(
                    "No metric the buyer has said out loud",
                    "Champion cannot get you a meeting with the economic buyer",
                    "Decision process ends in 'we will see'",
                    "Competition is 'nobody': there is always the status quo",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Process Mapping Workshop Kit",
        kind="pptx",
        description="Slides and facilitator notes for a two-hour on-site workshop that maps a "
        "customer's current process and sizes the automation opportunity.",
        situation=("Discovery",),
        segment=("Mid-market", "Enterprise"),
        product=("Northwind Insights", "Northwind Flow"),
        persona=("Operations",),
        funnel=("Consideration",),
        age_days=210,
        popularity=2.0,
        sections=(
            page(
                "Workshop goals and agenda",
                "Open by agreeing the one process in scope and the people who do it every day. "
                "The workshop ends with a current-state map, three measured pain points and a "
                "rough value estimate the sponsor can take to the steering committee.",
                bullets=(
                    "Agree scope and owners",
                    "Map the current state",
                    "Find the delays",
                    "Size the value",
                ),
            ),
            page(
                "Mapping the current state",
                "Use sticky notes for each step, coloured by team. Ask who does the step, what "
                "system they use, how long it waits and how often it is sent back. Rework loops "
                "are where most of the cost sits.",
                bullets=(
                    "One sticky note per step",
                    "Note waits and hand-offs",
                    "Mark rework loops in red",
                ),
            ),
            page(
                "Sizing the value with Northwind Insights",
                "If the customer can export event logs from SAP or ServiceNow, load them into "
                "Northwind Insights during the break and show the real cycle time and bottlenecks "
                "next to the wall map. Nothing wins a room like their own data.",
                bullets=(
                    "Volume x time per case x loaded hourly cost",
                    "Add cost of delay and errors",
                    "Agree the number with the sponsor",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Discovery Questions for Manufacturing Plant Operations",
        kind="pdf",
        description="Discovery guide for plant managers and quality leaders at mid-market "
        "manufacturers: engineering changes, quality deviations, supplier onboarding.",
        situation=("Discovery",),
        segment=("Mid-market",),
        industry=("Manufacturing",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Operations",),
        funnel=("Consideration",),
        age_days=75,
        popularity=3.5,
        sections=(
            page(
                "Where manufacturers lose time",
                "Engineering change requests, quality deviations (non-conformance reports) and "
                "supplier onboarding all cross design, quality, purchasing and the shop floor. "
                "In most plants they live in email, Excel and a SAP transaction nobody likes.",
                "Kessler Fahrzeugteile, an automotive supplier with 1,900 employees, cut "
                "engineering change lead time by 41 percent with Northwind Flow connected to SAP.",
            ),
            page(
                "Questions for the plant manager and quality lead",
                bullets=(
                    "How long does an engineering change take from request to release on the line?",
                    (
                        "How many open non-conformance reports do you carry, and how old is the "
                        "oldest?"
                    ),
                    "What did the last customer audit find about your change documentation?",
                    "How do you onboard a new supplier, and who chases the certificates?",
                    "Which SAP modules are involved: PP, QM, MM?",
                ),
            ),
        ),
    ),
)
