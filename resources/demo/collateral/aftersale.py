"""After the signature: onboarding plans, renewal playbooks, upsell and QBR decks."""

from __future__ import annotations

from ..spec import ALL_SEGMENTS, AssetSpec, page

ASSETS: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Customer Onboarding Plan: First 90 Days",
        kind="docx",
        description="The standard 90-day onboarding plan for new Professional and Enterprise "
        "customers: phases, owners, success criteria.",
        situation=("Onboarding",),
        segment=("Mid-market", "Enterprise"),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Operations", "IT"),
        funnel=("Expansion",),
        age_days=230,
        popularity=5.0,
        sections=(
            page(
                "Days 1 to 30: foundations",
                "Kickoff within five working days of signature. Configure single sign-on, invite "
                "administrators, connect the first system and agree the first process and its "
                "success metric. The customer success manager runs a weekly 30-minute check-in.",
            ),
            page(
                "Days 31 to 60: first process live",
                "Build, test and launch the first workflow with a pilot group of 20 to 50 users. "
                "Measure the baseline before go-live so the improvement can be shown.",
                table=(
                    ("Milestone", "Owner", "Day"),
                    ("First workflow in test", "Customer admin", "40"),
                    ("Pilot go-live", "Customer sponsor", "50"),
                    ("Baseline vs pilot report", "Northwind CSM", "60"),
                ),
            ),
            page(
                "Days 61 to 90: expand and hand over",
                "Roll out to all users, train the second process owner and hold the first "
                "executive business review. Onboarding ends when two processes are live and the "
                "customer admin can change workflows without help.",
            ),
        ),
    ),
    AssetSpec(
        title="SMB Quick-Start Onboarding Checklist",
        kind="pdf",
        description="A one-week self-service checklist for small businesses on Starter: set up, "
        "first form, invite users, go live.",
        situation=("Onboarding",),
        segment=("SMB",),
        product=("Northwind Forms",),
        persona=("Operations",),
        funnel=("Expansion",),
        age_days=85,
        popularity=3.0,
        sections=(
            page(
                "Your first week with Northwind",
                bullets=(
                    "Day 1: sign in, add your logo and invite one co-admin",
                    "Day 2: pick a template: purchase request, time off or expense claim",
                    "Day 3: adjust the fields and the approver, then test it yourself",
                    "Day 4: invite the team and send the link",
                    "Day 5: look at the dashboard and fix what people got stuck on",
                ),
            ),
            page(
                "Getting help",
                "Starter customers get email support with a next-business-day response, a "
                "weekly live onboarding webinar and the help centre with 400 articles. Upgrading "
                "to Professional adds chat support and a named onboarding specialist.",
            ),
        ),
    ),
    AssetSpec(
        title="Onboarding Kickoff Deck",
        kind="pptx",
        description="Slides for the customer kickoff meeting: team introductions, goals, plan, "
        "ways of working and the first month.",
        situation=("Onboarding",),
        segment=ALL_SEGMENTS,
        product=("Northwind Flow",),
        persona=("Operations", "IT"),
        funnel=("Expansion",),
        age_days=55,
        popularity=4.0,
        sections=(
            page(
                "Who is who",
                "Introduce the customer success manager, the solution architect and the support "
                "contacts, and ask the customer to name their sponsor, admin and process owners.",
                bullets=(
                    "Northwind team and roles",
                    "Customer sponsor, admin, process owners",
                    "Escalation path",
                ),
            ),
            page(
                "What success looks like",
                "Restate the metric from the business case in the customer's own words and agree "
                "how and when it will be measured.",
                bullets=(
                    "The metric from the business case",
                    "Baseline measurement date",
                    "Executive review at day 90",
                ),
            ),
            page(
                "The first 30 days",
                "Walk through single sign-on, the first connector and the first process workshop. "
                "Book the weekly check-in before the meeting ends.",
                bullets=(
                    "SSO and user provisioning",
                    "First connector",
                    "Process workshop",
                    "Weekly check-in",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Admin Training Guide: Northwind Forms",
        kind="pdf",
        description="Step-by-step guide for customer administrators: building forms, approval "
        "rules, permissions and reports.",
        situation=("Onboarding",),
        segment=("SMB", "Mid-market"),
        industry=("Education",),
        product=("Northwind Forms",),
        persona=("IT", "Operations"),
        funnel=("Expansion",),
        age_days=340,
        popularity=0.0,
        sections=(
            page(
                "Building a form",
                "Open Forms > New form and pick a template or start blank. Drag fields from the "
                "left panel; use conditional logic to show a field only when it applies, for "
                "example a cost centre field when the amount is above $1,000.",
            ),
            page(
                "Approval rules and permissions",
                "Approval rules route a submission by its values: amount, department, location. "
                "Add a fallback approver for holidays. Permissions decide who can submit, see and "
                "change each form; give builders the Form Designer role rather than full admin.",
            ),
            page(
                "Reports and exports",
                "Every form has a dashboard with submission volume, approval time and rejection "
                "rate. Schedule a weekly export to Excel or connect Power BI through the API.",
            ),
        ),
    ),
    AssetSpec(
        title="Renewal Playbook: Enterprise Accounts",
        kind="pdf",
        description="How to run an enterprise renewal from 180 days out: health check, value "
        "review, risk signals, multi-year extension.",
        situation=("Renewal & upsell",),
        segment=("Enterprise",),
        product=("Northwind Flow",),
        persona=("Executive", "Sales leader"),
        funnel=("Expansion",),
        age_days=130,
        popularity=5.5,
        sections=(
            page(
                "180 to 90 days out: health check",
                "Pull adoption data: active users, live processes, automation volume. Compare it "
                "with the metric in the original business case. Accounts with fewer than 60 "
                "percent active users or a departed sponsor are at risk and need an executive "
                "plan.",
            ),
            page(
                "90 to 30 days out: value review and proposal",
                "Present a value review to the sponsor with measured results: hours saved, cycle "
                "time, audit findings. Then propose the renewal, ideally multi-year, with the "
                "expansion that the value review points to.",
                bullets=(
                    "Lead with results, not the invoice",
                    "Offer a price lock for a three-year renewal",
                    "Bring Northwind Insights if the customer cannot measure value today",
                ),
            ),
            page(
                "Risk signals and save plays",
                "A new CIO, a merger, a budget freeze or a competitor pilot are the four common "
                "risk signals. Escalate within a week, involve the Northwind executive sponsor and "
                "offer a success plan with named milestones.",
            ),
        ),
    ),
    AssetSpec(
        title="Upsell Guide: Adding Northwind Insights",
        kind="pptx",
        description="Slides and talk track for selling the Northwind Insights process analytics "
        "add-on to existing Flow customers.",
        situation=("Renewal & upsell",),
        segment=("Mid-market", "Enterprise"),
        product=("Northwind Insights",),
        persona=("Operations", "Executive"),
        funnel=("Expansion",),
        age_days=15,
        popularity=3.5,
        sections=(
            page(
                "Who needs Insights",
                "Customers with three or more live processes and a sponsor who asks 'where does "
                "the time go?' Insights reads workflow history and system event logs and shows "
                "bottlenecks, rework and cycle time by team.",
                bullets=(
                    "Three or more live processes",
                    "Sponsor asks for measurable value",
                    "Renewal within 12 months",
                ),
            ),
            page(
                "The pitch",
                "Show the customer's own process map generated from their data during the "
                "meeting. Harbor Point found that 40 percent of loan delays came from a single "
                "document check and removed it in a week.",
                bullets=(
                    "Their own data, live",
                    "Bottlenecks and rework",
                    "Value report for the renewal",
                ),
            ),
            page(
                "Pricing and packaging",
                "Insights costs $24,000 per year on Professional and Enterprise. Offer a 60-day "
                "pilot on one process and co-term the add-on with the renewal.",
                bullets=("$24,000 per year", "60-day pilot", "Co-term with renewal"),
            ),
        ),
    ),
    AssetSpec(
        title="Quarterly Business Review Deck Template",
        kind="pptx",
        description="Template for the quarterly business review (QBR) with customer "
        "executives: results, adoption, roadmap and next-quarter goals.",
        situation=("Renewal & upsell",),
        segment=("Mid-market", "Enterprise"),
        persona=("Executive",),
        funnel=("Expansion",),
        age_days=260,
        popularity=3.0,
        sections=(
            page(
                "Results this quarter",
                "Open the QBR with two or three numbers the executive cares about, compared "
                "with the baseline. Keep adoption detail for the appendix.",
                bullets=(
                    "Hours saved this quarter",
                    "Cycle time versus baseline",
                    "Processes live",
                ),
            ),
            page(
                "Adoption and health",
                table=(
                    ("Measure", "Last quarter", "This quarter"),
                    ("Active users", "", ""),
                    ("Live processes", "", ""),
                    ("Automated steps", "", ""),
                ),
            ),
            page(
                "Next quarter",
                "Agree the next processes to automate and the owners. Preview relevant roadmap "
                "items without promising dates.",
                bullets=("Next processes and owners", "Roadmap preview", "Executive asks"),
            ),
        ),
    ),
    AssetSpec(
        title="Churn-Risk Save Plays for SMB Customers",
        kind="docx",
        description="What to do when a small-business customer stops using the product or asks "
        "to cancel: signals, save offers and win-back emails.",
        situation=("Renewal & upsell",),
        segment=("SMB",),
        product=("Northwind Forms",),
        persona=("Operations",),
        funnel=("Expansion",),
        audience="internal",
        age_days=35,
        popularity=1.5,
        sections=(
            page(
                "Signals",
                bullets=(
                    "No form submissions for 14 days",
                    "The only admin left the company",
                    "Downgrade or cancellation page visited",
                    "Support ticket with the word 'cancel'",
                ),
            ),
            page(
                "Save offers",
                "Call before you email. Offer a free 30-minute rebuild session, a pause of up to "
                "two months, or a switch to monthly billing. Never offer more than 20 percent off "
                "without your manager.",
            ),
        ),
    ),
)
