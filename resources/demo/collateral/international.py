"""German, French and Spanish collateral, plus work in progress (drafts, archive)."""

from __future__ import annotations

from ..spec import AssetSpec, page

LOCALISED: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Fallstudie: Kessler Fahrzeugteile verkürzt Änderungsprozesse um 41 %",
        kind="pdf",
        description="German case study: an automotive supplier cut engineering change lead "
        "time by 41% with Northwind Flow and SAP.",
        situation=("Closing",),
        segment=("Mid-market",),
        industry=("Manufacturing",),
        product=("Northwind Flow", "Northwind Connect"),
        persona=("Operations",),
        funnel=("Decision",),
        language="German",
        age_days=140,
        popularity=3.0,
        slug="fallstudie-kessler-fahrzeugteile",
        sections=(
            page(
                "Die Ausgangslage",
                "Die Kessler Fahrzeugteile GmbH beschäftigt 1.900 Mitarbeitende an drei Standorten "
                "und beliefert europäische Automobilhersteller. Technische Änderungen liefen über "
                "E-Mail, Excel-Listen und SAP-Transaktionen. Eine Änderung brauchte im Schnitt 47 "
                "Tage vom Antrag bis zur Freigabe in der Fertigung.",
            ),
            page(
                "Die Lösung",
                "Mit Northwind Flow und dem SAP-Konnektor von Northwind Connect laufen "
                "Änderungsanträge, Lieferantenfreigaben und Qualitätsabweichungen jetzt als "
                "durchgängige Workflows mit klaren Verantwortlichkeiten und Fristen.",
                "Die Daten bleiben im Rechenzentrum in Frankfurt; der Betriebsrat wurde früh "
                "eingebunden.",
            ),
            page(
                "Die Ergebnisse",
                table=(
                    ("Kennzahl", "Vorher", "Nachher"),
                    ("Durchlaufzeit technischer Änderungen", "47 Tage", "28 Tage"),
                    ("Offene Qualitätsabweichungen", "310", "95"),
                    ("Lieferantenfreigabe", "3 Wochen", "5 Tage"),
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Produktübersicht Northwind Flow (Deutsch)",
        kind="docx",
        description="German product overview of Northwind Flow for mid-market prospects in the "
        "DACH region, with hosting in Germany.",
        situation=("Prospecting",),
        segment=("Mid-market", "SMB"),
        product=("Northwind Flow",),
        persona=("Executive", "IT"),
        funnel=("Awareness",),
        language="German",
        age_days=180,
        popularity=2.5,
        slug="produktuebersicht-northwind-flow",
        sections=(
            page(
                "Workflow-Automatisierung für den Mittelstand",
                "Northwind Flow digitalisiert Freigaben, Anträge und Checklisten, die heute per "
                "E-Mail und Excel laufen. Fachabteilungen gestalten Prozesse im grafischen "
                "Designer; die IT behält die Kontrolle über Berechtigungen, Single Sign-on und "
                "Änderungen.",
            ),
            page(
                "Datenschutz und Hosting in Deutschland",
                "Alle Daten europäischer Kunden liegen im Rechenzentrum in Frankfurt am Main. "
                "Northwind ist nach ISO 27001 zertifiziert und unterstützt die Einbindung des "
                "Betriebsrats mit einer Dokumentation aller Auswertungsfunktionen.",
                bullets=(
                    "Rechenzentrum in Frankfurt",
                    "ISO 27001 und SOC 2 Typ II",
                    "SAP-Integration über Northwind Connect",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Fiche produit : Northwind Flow pour le secteur public",
        kind="pdf",
        description="French product sheet for public sector buyers: online procedures, "
        "hosting in the EU, accessibility.",
        situation=("Prospecting",),
        segment=("Public sector",),
        product=("Northwind Flow", "Northwind Forms"),
        persona=("Executive",),
        funnel=("Awareness",),
        language="French",
        age_days=260,
        popularity=1.0,
        slug="fiche-produit-secteur-public",
        sections=(
            page(
                "Des démarches en ligne pour les usagers",
                "Northwind Flow permet aux collectivités de proposer leurs démarches en ligne : "
                "demandes de subvention, autorisations d'urbanisme, inscriptions scolaires. Les "
                "agents suivent chaque dossier dans une file de travail claire et les usagers "
                "connaissent l'état de leur demande.",
            ),
            page(
                "Hébergement, sécurité et achat public",
                "Les données sont hébergées dans l'Union européenne, à Francfort. La plateforme "
                "est certifiée ISO 27001 et respecte le référentiel d'accessibilité. Northwind "
                "répond aux appels d'offres via son partenaire intégrateur en France.",
            ),
        ),
    ),
    AssetSpec(
        title="Étude de cas : Groupe Hospitalier Val de Loire",
        kind="pdf",
        description="French case study: a hospital group automated patient admissions and "
        "supplier invoices with Northwind Flow.",
        situation=("Closing",),
        segment=("Enterprise",),
        industry=("Healthcare",),
        product=("Northwind Flow",),
        persona=("Executive", "Finance"),
        funnel=("Decision",),
        language="French",
        age_days=75,
        popularity=1.5,
        slug="etude-de-cas-val-de-loire",
        sections=(
            page(
                "Le contexte",
                "Le Groupe Hospitalier Val de Loire réunit six établissements et 5 200 "
                "professionnels. Les admissions et la validation des factures fournisseurs "
                "reposaient sur des formulaires papier et des circuits de signature par courrier.",
            ),
            page(
                "Les résultats",
                "En huit mois, les circuits de validation sont passés sur Northwind Flow. Le délai "
                "de paiement des fournisseurs est passé de 62 à 29 jours et le temps de saisie aux "
                "admissions a baissé de 35 %.",
                bullets=(
                    "Délai de paiement fournisseurs : 62 jours à 29 jours",
                    "Temps de saisie aux admissions : moins 35 %",
                    "Six établissements déployés en huit mois",
                ),
            ),
        ),
    ),
    AssetSpec(
        title="Guía de objeciones: precio y seguridad",
        kind="docx",
        description="Spanish objection-handling guide for mid-market prospects in Spain and "
        "Latin America: price, security, integration.",
        situation=("Objection handling",),
        segment=("Mid-market",),
        product=("Northwind Flow",),
        persona=("Finance", "IT"),
        funnel=("Decision",),
        language="Spanish",
        age_days=50,
        popularity=2.0,
        slug="guia-de-objeciones-precio-seguridad",
        sections=(
            page(
                "«Es demasiado caro»",
                "Compare el coste del proceso completo, no solo la licencia. Si un equipo de "
                "cuentas por pagar dedica 14 minutos a cada factura, la automatización reduce ese "
                "tiempo a cinco y el ahorro cubre la suscripción en pocos meses.",
            ),
            page(
                "«¿Dónde están nuestros datos?»",
                "Los datos de clientes europeos se alojan en Frankfurt y nunca salen de la Unión "
                "Europea. Northwind cuenta con certificación ISO 27001 e informes SOC 2 Tipo II.",
            ),
            page(
                "«Ya tenemos SAP»",
                "Northwind Connect se integra con SAP S/4HANA sin desarrollo a medida. El flujo "
                "de aprobación vive en Northwind Flow y el registro contable sigue en SAP.",
            ),
        ),
    ),
)

IN_PROGRESS: tuple[AssetSpec, ...] = (
    AssetSpec(
        title="Partner Co-Selling Guide",
        kind="docx",
        description="Draft: how to work deals with implementation partners and resellers.",
        situation=("Prospecting",),
        segment=("Mid-market", "Enterprise"),
        audience="internal",
        status="draft",
        age_days=6,
        popularity=0.0,
        sections=(
            page(
                "When to bring in a partner",
                "Bring in a certified implementation partner when the customer needs more than "
                "three integrations or a roll-out across several countries.",
            ),
        ),
    ),
    AssetSpec(
        title="Battlecard: Northwind Flow vs Pipewell",
        kind="pdf",
        description="Draft battlecard against Pipewell, a new entrant in AI-driven workflow "
        "automation. Not yet reviewed by product marketing.",
        situation=("Objection handling",),
        segment=("Mid-market",),
        product=("Northwind Flow",),
        audience="internal",
        status="draft",
        age_days=3,
        popularity=0.0,
        sections=(
            page(
                "Pipewell at a glance",
                "Pipewell launched in 2024 with an AI assistant that drafts workflows from a "
                "sentence. It is impressive in demos and thin on governance.",
            ),
            page(
                "Open questions",
                "Pricing, security certifications and reference customers are unknown.",
            ),
        ),
    ),
    AssetSpec(
        title="Pricing Sheet 2023 (superseded)",
        kind="pdf",
        description="Old list prices, replaced by the 2025 pricing sheet. Kept for reference "
        "on renewals signed before 2024.",
        situation=("Proposal & pricing",),
        segment=("SMB", "Mid-market", "Enterprise"),
        persona=("Finance",),
        status="archived",
        age_days=700,
        popularity=0.0,
        sections=(
            page(
                "Editions and list prices 2023",
                table=(
                    ("Edition", "Price"),
                    ("Starter", "$12 per user"),
                    ("Professional", "$30 per user"),
                    ("Enterprise", "$80,000 platform fee + $25 per user"),
                ),
            ),
            page("Notes", "Superseded on 1 January 2024. Do not send to customers."),
        ),
    ),
)

ASSETS: tuple[AssetSpec, ...] = LOCALISED + IN_PROGRESS
