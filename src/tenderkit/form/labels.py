"""Every text of the bidder's Excel form, one dict per language.

The form writer takes its words from here; the reader accepts the words of *both* languages (and
the codes of FORMATS.md), so a Dutch form filled in with English dropdown values still reads.
Keys of the choice dicts are the codes of the bid format; values are what the bidder sees.
"""

from __future__ import annotations

from typing import Any

NL: dict[str, Any] = {
    "sheets": {
        "instructions": "Instructies",
        "answers": "Antwoorden",
        "facts": "Feiten",
        "assurance": "Assurance",
        "subprocessors": "Subverwerkers",
        "price": "Prijs",
    },
    "columns": {
        "answers": {
            "id": "ID",
            "title": "Onderwerp",
            "text": "Eis of wens",
            "kind": "Soort",
            "status": "Status",
            "note": "Toelichting",
            "evidence": "Bewijs (rapport-ID's)",
        },
        "facts": {
            "code": "Code",
            "label": "Kenmerk",
            "value": "Waarde",
            "help": "Uitleg",
            "type": "type",
        },
        "assurance": {
            "id": "Rapport-ID",
            "kind": "Soort rapport",
            "issuer": "Uitgever",
            "issued": "Datum rapport of certificaat",
            "period_start": "Periode van",
            "period_end": "Periode tot en met",
            "as_of": "Peildatum",
            "opinion": "Oordeel auditor",
            "categories": "SOC 2-categorieën",
            "criteria": "Normenkader",
            "services": "Diensten in scope",
            "locations": "Locaties in scope",
            "covers_offered_service": "Dekt de aangeboden dienst",
            "management_assertion": "Management assertion bijgevoegd",
            "bridge_letter_until": "Bridge letter tot en met",
            "standard_version": "ISO-versie",
            "accreditation": "Accreditatie-instelling",
            "valid_until": "Certificaat geldig tot",
            "last_audit": "Laatste audit",
            "controls": "Gedekte controls (optioneel)",
            "excluded_controls": "Uitgesloten controls (VvT)",
            "exceptions": "Afwijkingen",
            "subservice": "Subserviceorganisaties",
            "cuecs": "Maatregelen voor de klant (CUEC's)",
        },
        "subprocessors": {
            "name": "Naam",
            "country": "Land",
            "service": "Wat zij voor de dienst doen",
        },
        "price": {"code": "Code", "label": "Onderdeel", "value": "Waarde", "help": "Uitleg"},
    },
    "hints": {
        "answers": {
            "status": "kies uit de lijst",
            "note": "hoe u voldoet; bij 'gedeeltelijk': wat ontbreekt",
            "evidence": "ID's uit tabblad Assurance, gescheiden door komma's",
        },
        "assurance": {
            "id": "kort en uniek, bijv. soc2-2026",
            "kind": "kies uit de lijst",
            "issuer": "accountant of certificerende instelling",
            "issued": "dd-mm-jjjj",
            "period_start": "type II: begin geteste periode",
            "period_end": "type II: einde geteste periode",
            "as_of": "type I: datum van de beschrijving",
            "opinion": "rapporten (niet ISO): kies uit de lijst",
            "categories": "SOC 2: bijv. security, availability",
            "criteria": "ISAE 3000: bijv. bio, iso27002",
            "services": "één per regel",
            "locations": "één per regel",
            "covers_offered_service": "ja of nee (leeg = ja)",
            "management_assertion": "rapporten: ja of nee",
            "bridge_letter_until": "alleen als er een bridge letter is",
            "standard_version": "ISO 27001: 2022 of 2013",
            "accreditation": "ISO 27001: bijv. RvA; leeg = niet geaccrediteerd",
            "valid_until": "ISO 27001: einddatum certificaat",
            "last_audit": "ISO 27001: laatste (tussentijdse) audit",
            "controls": "per regel: kader: ID's, bijv. iso27001: 8.24, 8.15",
            "excluded_controls": "ISO 27001: Annex A-nummers, komma's",
            "exceptions": "per regel: control: omschrijving",
            "subservice": "per regel: naam | carve-out of inclusive | rapport-ID | dienst",
            "cuecs": "één per regel",
        },
        "subprocessors": {
            "name": "partij die gegevens voor u verwerkt",
            "country": "ISO-landcode, bijv. NL",
            "service": "bijv. hosting, support",
        },
    },
    "choices": {
        "status": {"meets": "voldoet", "partial": "gedeeltelijk", "fails": "voldoet niet"},
        "requirement_kind": {
            "knockout": "eis (knock-out)",
            "knockout_assured": "eis (knock-out), rapport verplicht",
            "scored": "wens (punten)",
        },
        "yes_no": {"yes": "ja", "no": "nee"},
        "availability_window": {"month": "maand", "quarter": "kwartaal", "year": "jaar"},
        "support_hours": {"24x7": "24x7", "business": "kantooruren"},
        "transfer_mechanism": {
            "adequacy": "adequaatheidsbesluit",
            "scc": "SCC",
            "bcr": "BCR",
            "none": "geen",
        },
        "report_kind": {
            "soc2_type1": "SOC 2 Type I",
            "soc2_type2": "SOC 2 Type II",
            "soc3": "SOC 3",
            "isae3402_type1": "ISAE 3402 Type I",
            "isae3402_type2": "ISAE 3402 Type II",
            "isae3000_type1": "ISAE 3000 Type I",
            "isae3000_type2": "ISAE 3000 Type II (TPM)",
            "iso27001": "ISO 27001-certificaat",
        },
        "opinion": {
            "unqualified": "goedkeurend",
            "qualified": "met beperking",
            "adverse": "afkeurend",
            "disclaimer": "oordeelonthouding",
        },
        "category": {
            "security": "security",
            "availability": "availability",
            "processing_integrity": "processing integrity",
            "confidentiality": "confidentiality",
            "privacy": "privacy",
        },
        "method": {"carve_out": "carve-out", "inclusive": "inclusive"},
        "standard_version": {"2022": "2022", "2013": "2013"},
    },
    "facts": {
        "availability_percent": (
            "Beschikbaarheid (%)",
            "gegarandeerde beschikbaarheid, 0 tot 100, bijv. 99,9",
        ),
        "availability_window": (
            "Meetperiode beschikbaarheid",
            "over welke periode de beschikbaarheid wordt gemeten",
        ),
        "maintenance_counts_as_downtime": (
            "Gepland onderhoud telt als onbeschikbaar",
            "ja: onderhoud gaat af van de beschikbaarheid",
        ),
        "support_hours": ("Supporttijden", "wanneer support bereikbaar is"),
        "incident_response_hours": ("Reactietijd incident {p} (uren)", "uren tot eerste reactie"),
        "incident_resolution_hours": ("Oplostijd incident {p} (uren)", "uren tot oplossing"),
        "breach_notification_hours": (
            "Melding datalek binnen (uren)",
            "uren tussen ontdekking en melding aan ons",
        ),
        "rpo_hours": ("RPO (uren)", "maximaal gegevensverlies bij een calamiteit"),
        "rto_hours": ("RTO (uren)", "maximale hersteltijd na een calamiteit"),
        "data_locations": (
            "Landen waar de gegevens staan",
            "ISO-landcodes met komma's, bijv. NL, DE, IE",
        ),
        "transfer_mechanism": (
            "Grondslag doorgifte buiten de EER",
            "geen doorgifte buiten de EER: kies 'geen'",
        ),
        "exit_support": ("Exitondersteuning", "hulp bij teruggave van gegevens en overstap"),
        "escrow": ("Escrow", "broncode in depot bij een derde"),
        "encryption_at_rest": ("Versleuteling opgeslagen gegevens", "alle opgeslagen gegevens"),
        "customer_managed_keys": ("Sleutels in beheer van de klant", "BYOK of HYOK"),
        "mfa": ("Multifactorauthenticatie", "inloggen met een tweede factor"),
    },
    "extra_fact_help": {
        "number": "een getal",
        "bool": "ja of nee",
        "list": "waarden gescheiden door komma's",
        "text": "tekst",
    },
    "other_fact_help": "eigen kenmerk (optioneel): vul Kenmerk en Waarde in",
    "choose": "kies: {options}",
    "checked": "Getoetst aan tabblad Feiten: {fact}.",
    "assurance_required": (
        "Onafhankelijk rapport verplicht: een aanvaard assurance-rapport moet de werking van de "
        "maatregelen aantonen en de normen {controls} dekken. Telt mee: SOC 2 Type II, ISAE 3000 "
        "Type II (TPM) of ISAE 3402 Type II over een periode van ten minste {months} maanden die "
        "niet meer dan {stale} maanden voor de sluitingsdatum eindigde (een "
        "overbruggingsverklaring van hoogstens {bridge} maanden mag het gat dichten), of een "
        "geldig, geaccrediteerd ISO/IEC 27001:2022-certificaat. Niet genoeg: een Type I-rapport, "
        "een SOC 3-rapport of alleen uw eigen verklaring. Zonder zo'n rapport is uw inschrijving "
        "ongeldig. Noem het rapport in kolom Bewijs."
    ),
    "price_rows": {
        "bidder": ("Naam inschrijver", "de volledige naam van uw organisatie"),
        "price": (
            "Totale contractprijs (excl. btw)",
            "voor de hele looptijd, als getal zonder valutateken",
        ),
    },
    "prompts": {
        "status": ("Status", "Kies: voldoet, gedeeltelijk of voldoet niet."),
        "choice": ("Keuze", "Kies een waarde uit de lijst."),
        "number": ("Getal", "Typ een getal, bijv. 99,9 of 4."),
        "percent": ("Percentage", "Typ een getal van 0 tot 100, bijv. 99,9."),
        "hours": ("Uren", "Typ een aantal uren (0 of meer), bijv. 4 of 0,5."),
        "date": ("Datum", "Typ een datum, bijv. 15-10-2026."),
        "countries": ("Landcodes", "ISO-landcodes gescheiden door komma's, bijv. NL, DE, IE."),
        "price": ("Prijs", "Totaalbedrag excl. btw, als getal, bijv. 412000."),
        "evidence": ("Bewijs", "Rapport-ID's uit tabblad Assurance, gescheiden door komma's."),
        "lines": ("Meerdere regels", "Nieuwe regel in een cel: Alt+Enter (Mac: Option+Enter)."),
    },
    "errors": {
        "choice": ("Ongeldige keuze", "Kies een waarde uit de lijst."),
        "number": ("Ongeldig getal", "Typ een getal binnen het toegestane bereik."),
        "date": ("Ongeldige datum", "Typ een datum, bijv. 15-10-2026."),
    },
    "title": "Inschrijvingsformulier",
    "instructions": [
        ("h", "Zo vult u dit formulier in"),
        (
            "p",
            "Dit formulier hoort bij de eisenset '{set_title}' ({set_id}): {knockouts} eisen en "
            "{scored} wensen. Vul het in en lever het in als Excel-werkmap (.xlsx).",
        ),
        (
            "p",
            "Gele cellen vult u in. Grijze en blauwe cellen (ID's, teksten, kopjes) liggen vast. "
            "Verander geen ID's, kopjes of tabbladnamen: wij lezen het formulier automatisch in.",
        ),
        ("h", "Tabblad Antwoorden"),
        (
            "p",
            "Eén regel per eis of wens. Kies in kolom Status: voldoet, gedeeltelijk of voldoet "
            "niet. Een regel zonder status telt als 'voldoet niet'.",
        ),
        (
            "p",
            "Een eis (knock-out) moet u volledig halen; anders is uw inschrijving ongeldig. "
            "Een wens levert kwaliteitspunten op.",
        ),
        (
            "p",
            "Staat bij een eis 'rapport verplicht', dan is uw eigen verklaring niet genoeg: een "
            "aanvaard onafhankelijk rapport moet aantonen dat de maatregelen werkten. Dat is een "
            "type II-rapport (SOC 2, ISAE 3000/TPM of ISAE 3402) over ten minste {months} maanden, "
            "waarvan de periode niet meer dan {stale} maanden voor de sluitingsdatum eindigde, of "
            "een geldig, geaccrediteerd ISO/IEC 27001:2022-certificaat. Een type I-rapport toetst "
            "alleen de opzet op één datum en telt niet. De tekst van de eis noemt de normen die "
            "het rapport moet dekken.",
        ),
        (
            "p",
            "Leg in kolom Toelichting uit hoe u voldoet. Noem in kolom Bewijs de rapport-ID's "
            "(tabblad Assurance) die het aantonen, gescheiden door komma's, bijv. soc2-2026, iso.",
        ),
        ("h", "Tabblad Feiten"),
        (
            "p",
            "De meetbare kenmerken van uw aanbod, zoals beschikbaarheid, reactietijden en de "
            "landen waar de gegevens staan. Sommige eisen worden hieraan getoetst. Laat leeg wat "
            "u niet aanbiedt.",
        ),
        ("h", "Tabblad Assurance"),
        (
            "p",
            "Eén regel per rapport of certificaat (SOC 2, ISAE 3402, ISAE 3000/TPM, ISO 27001). "
            "Vul alleen de kolommen in die bij het soort rapport horen: type II een periode, "
            "type I een peildatum, ISO 27001 versie, geldigheid en accreditatie. De kleur van "
            "een kopje zegt voor welke rapporten de kolom geldt: donkerblauw alle, lichtblauw "
            "SOC- en ISAE-rapporten, groen ISO 27001-certificaten, grijs optioneel. Lever de "
            "rapporten zelf apart in.",
        ),
        ("h", "Tabblad Subverwerkers"),
        (
            "p",
            "Eén regel per partij die voor deze dienst gegevens verwerkt, met het land als "
            "ISO-code (NL, DE, IE, US ...).",
        ),
        ("h", "Tabblad Prijs"),
        ("p", "De naam van uw organisatie en de totale contractprijs exclusief btw, als getal."),
        ("h", "Regels"),
        ("li", "Datums: dd-mm-jjjj of jjjj-mm-dd. Getallen: komma of punt als decimaalteken."),
        ("li", "Typ waarden, geen formules: een cel met een formule wordt niet geaccepteerd."),
        (
            "li",
            "Meerdere regels in één cel (bij Diensten, Afwijkingen ...): Alt+Enter "
            "(Mac: Option+Enter).",
        ),
        (
            "li",
            "De bladen zijn zonder wachtwoord beveiligd tegen vergissingen. Kolombreedte en "
            "rijhoogte kunt u aanpassen.",
        ),
        (
            "li",
            "Sla op als .xlsx, zonder macro's en zonder wachtwoord. Meer regels nodig dan er "
            "zijn? Neem contact op met de aanbestedende dienst.",
        ),
    ],
}

EN: dict[str, Any] = {
    "sheets": {
        "instructions": "Instructions",
        "answers": "Answers",
        "facts": "Facts",
        "assurance": "Assurance",
        "subprocessors": "Subprocessors",
        "price": "Price",
    },
    "columns": {
        "answers": {
            "id": "ID",
            "title": "Title",
            "text": "Requirement",
            "kind": "Type",
            "status": "Status",
            "note": "Explanation",
            "evidence": "Evidence (report IDs)",
        },
        "facts": {
            "code": "Code",
            "label": "Item",
            "value": "Value",
            "help": "Guidance",
            "type": "type",
        },
        "assurance": {
            "id": "Report ID",
            "kind": "Report type",
            "issuer": "Issuer",
            "issued": "Report or certificate date",
            "period_start": "Period from",
            "period_end": "Period to",
            "as_of": "As of",
            "opinion": "Auditor's opinion",
            "categories": "SOC 2 categories",
            "criteria": "Criteria",
            "services": "Services in scope",
            "locations": "Locations in scope",
            "covers_offered_service": "Covers the offered service",
            "management_assertion": "Management assertion included",
            "bridge_letter_until": "Bridge letter until",
            "standard_version": "ISO version",
            "accreditation": "Accreditation body",
            "valid_until": "Certificate valid until",
            "last_audit": "Last audit",
            "controls": "Covered controls (optional)",
            "excluded_controls": "Excluded controls (SoA)",
            "exceptions": "Exceptions",
            "subservice": "Subservice organisations",
            "cuecs": "Complementary user entity controls (CUECs)",
        },
        "subprocessors": {
            "name": "Name",
            "country": "Country",
            "service": "What they do for the service",
        },
        "price": {"code": "Code", "label": "Item", "value": "Value", "help": "Guidance"},
    },
    "hints": {
        "answers": {
            "status": "choose from the list",
            "note": "how you meet it; if partial: what is missing",
            "evidence": "IDs from sheet Assurance, separated by commas",
        },
        "assurance": {
            "id": "short and unique, e.g. soc2-2026",
            "kind": "choose from the list",
            "issuer": "audit firm or certification body",
            "issued": "yyyy-mm-dd",
            "period_start": "type II: start of the tested period",
            "period_end": "type II: end of the tested period",
            "as_of": "type I: date of the description",
            "opinion": "reports (not ISO): choose from the list",
            "categories": "SOC 2: e.g. security, availability",
            "criteria": "ISAE 3000: e.g. bio, iso27002",
            "services": "one per line",
            "locations": "one per line",
            "covers_offered_service": "yes or no (empty = yes)",
            "management_assertion": "reports: yes or no",
            "bridge_letter_until": "only if there is a bridge letter",
            "standard_version": "ISO 27001: 2022 or 2013",
            "accreditation": "ISO 27001: e.g. RvA; empty = not accredited",
            "valid_until": "ISO 27001: certificate expiry",
            "last_audit": "ISO 27001: last surveillance audit",
            "controls": "per line: framework: IDs, e.g. iso27001: 8.24, 8.15",
            "excluded_controls": "ISO 27001: Annex A numbers, commas",
            "exceptions": "per line: control: description",
            "subservice": "per line: name | carve-out or inclusive | report ID | service",
            "cuecs": "one per line",
        },
        "subprocessors": {
            "name": "party processing data for you",
            "country": "ISO country code, e.g. NL",
            "service": "e.g. hosting, support",
        },
    },
    "choices": {
        "status": {"meets": "meets", "partial": "partial", "fails": "fails"},
        "requirement_kind": {
            "knockout": "knockout (must)",
            "knockout_assured": "knockout (must), report required",
            "scored": "scored (points)",
        },
        "yes_no": {"yes": "yes", "no": "no"},
        "availability_window": {"month": "month", "quarter": "quarter", "year": "year"},
        "support_hours": {"24x7": "24x7", "business": "business hours"},
        "transfer_mechanism": {
            "adequacy": "adequacy decision",
            "scc": "SCC",
            "bcr": "BCR",
            "none": "none",
        },
        "report_kind": {
            "soc2_type1": "SOC 2 Type I",
            "soc2_type2": "SOC 2 Type II",
            "soc3": "SOC 3",
            "isae3402_type1": "ISAE 3402 Type I",
            "isae3402_type2": "ISAE 3402 Type II",
            "isae3000_type1": "ISAE 3000 Type I",
            "isae3000_type2": "ISAE 3000 Type II (TPM)",
            "iso27001": "ISO 27001 certificate",
        },
        "opinion": {
            "unqualified": "unqualified",
            "qualified": "qualified",
            "adverse": "adverse",
            "disclaimer": "disclaimer",
        },
        "category": {
            "security": "security",
            "availability": "availability",
            "processing_integrity": "processing integrity",
            "confidentiality": "confidentiality",
            "privacy": "privacy",
        },
        "method": {"carve_out": "carve-out", "inclusive": "inclusive"},
        "standard_version": {"2022": "2022", "2013": "2013"},
    },
    "facts": {
        "availability_percent": (
            "Availability (%)",
            "guaranteed availability, 0 to 100, e.g. 99.9",
        ),
        "availability_window": (
            "Availability measured per",
            "the period over which availability is measured",
        ),
        "maintenance_counts_as_downtime": (
            "Planned maintenance counts as downtime",
            "yes: maintenance reduces availability",
        ),
        "support_hours": ("Support hours", "when support can be reached"),
        "incident_response_hours": ("Incident response time {p} (hours)", "hours to first reply"),
        "incident_resolution_hours": ("Incident resolution time {p} (hours)", "hours to a fix"),
        "breach_notification_hours": (
            "Data breach notified within (hours)",
            "hours between discovery and notifying us",
        ),
        "rpo_hours": ("RPO (hours)", "most data lost in a disaster"),
        "rto_hours": ("RTO (hours)", "longest time to restore service after a disaster"),
        "data_locations": (
            "Countries where the data is stored",
            "ISO country codes with commas, e.g. NL, DE, IE",
        ),
        "transfer_mechanism": (
            "Basis for transfers outside the EEA",
            "no transfer outside the EEA: choose 'none'",
        ),
        "exit_support": ("Exit support", "help returning data and moving to another supplier"),
        "escrow": ("Escrow", "source code deposited with a third party"),
        "encryption_at_rest": ("Encryption of stored data", "all stored data"),
        "customer_managed_keys": ("Customer-managed keys", "BYOK or HYOK"),
        "mfa": ("Multi-factor authentication", "logging in with a second factor"),
    },
    "extra_fact_help": {
        "number": "a number",
        "bool": "yes or no",
        "list": "values separated by commas",
        "text": "text",
    },
    "other_fact_help": "your own item (optional): fill in Item and Value",
    "choose": "choose: {options}",
    "checked": "Checked against sheet Facts: {fact}.",
    "assurance_required": (
        "Independent report required: an accepted assurance report must show that the controls "
        "operated and must cover the controls {controls}. Counts: SOC 2 Type II, ISAE 3000 Type "
        "II (TPM) or ISAE 3402 Type II over a period of at least {months} months that ended no "
        "more than {stale} months before the closing date (a bridge letter of at most {bridge} "
        "months may close the gap), or a valid, accredited ISO/IEC 27001:2022 certificate. Not "
        "enough: a Type I report, a SOC 3 report or only your own statement. Without such a "
        "report your bid is invalid. Name the report in column Evidence."
    ),
    "price_rows": {
        "bidder": ("Bidder name", "the full name of your organisation"),
        "price": (
            "Total contract price (excl. VAT)",
            "for the whole contract term, as a number without currency sign",
        ),
    },
    "prompts": {
        "status": ("Status", "Choose: meets, partial or fails."),
        "choice": ("Choice", "Choose a value from the list."),
        "number": ("Number", "Type a number, e.g. 99.9 or 4."),
        "percent": ("Percentage", "Type a number from 0 to 100, e.g. 99.9."),
        "hours": ("Hours", "Type a number of hours (0 or more), e.g. 4 or 0.5."),
        "date": ("Date", "Type a date, e.g. 2026-10-15."),
        "countries": ("Country codes", "ISO country codes separated by commas, e.g. NL, DE, IE."),
        "price": ("Price", "Total amount excl. VAT, as a number, e.g. 412000."),
        "evidence": ("Evidence", "Report IDs from sheet Assurance, separated by commas."),
        "lines": ("Several lines", "New line inside a cell: Alt+Enter (Mac: Option+Enter)."),
    },
    "errors": {
        "choice": ("Invalid choice", "Choose a value from the list."),
        "number": ("Invalid number", "Type a number within the allowed range."),
        "date": ("Invalid date", "Type a date, e.g. 2026-10-15."),
    },
    "title": "Bid form",
    "instructions": [
        ("h", "How to fill in this form"),
        (
            "p",
            "This form belongs to the requirement set '{set_title}' ({set_id}): {knockouts} "
            "knockout requirements and {scored} scored requirements. Fill it in and hand it in as "
            "an Excel workbook (.xlsx).",
        ),
        (
            "p",
            "Fill in the yellow cells. Grey and blue cells (IDs, texts, headers) are fixed. Do "
            "not change IDs, headers or sheet names: the form is read automatically.",
        ),
        ("h", "Sheet Answers"),
        (
            "p",
            "One row per requirement. Choose in column Status: meets, partial or fails. A row "
            "without a status counts as 'fails'.",
        ),
        (
            "p",
            "A knockout requirement must be met in full, or the bid is invalid. A scored "
            "requirement earns quality points.",
        ),
        (
            "p",
            "Where a knockout says 'report required', your own statement is not enough: an "
            "accepted independent report must show that the controls operated. That is a type II "
            "report (SOC 2, ISAE 3000/TPM or ISAE 3402) over at least {months} months whose period "
            "ended no more than {stale} months before the closing date, or a valid, accredited "
            "ISO/IEC 27001:2022 certificate. A type I report only tests the design on one date "
            "and does not count. The requirement's text names the controls the report must cover.",
        ),
        (
            "p",
            "Explain in column Explanation how you meet it. Name in column Evidence the report "
            "IDs (sheet Assurance) that show it, separated by commas, e.g. soc2-2026, iso.",
        ),
        ("h", "Sheet Facts"),
        (
            "p",
            "The measurable offer, such as availability, response times and the countries "
            "where the data is stored. Some requirements are checked against these values. "
            "Leave empty what you do not offer.",
        ),
        ("h", "Sheet Assurance"),
        (
            "p",
            "One row per report or certificate (SOC 2, ISAE 3402, ISAE 3000/TPM, ISO 27001). "
            "Fill in only the columns that fit the kind of report: a period for type II, an "
            "as-of date for type I, version, expiry and accreditation for ISO 27001. The colour "
            "of a header says which reports the column is for: dark blue all, light blue SOC and "
            "ISAE reports, green ISO 27001 certificates, grey optional. Hand in the reports "
            "themselves separately.",
        ),
        ("h", "Sheet Subprocessors"),
        (
            "p",
            "One row per party that processes data for this service, with its country as an "
            "ISO code (NL, DE, IE, US ...).",
        ),
        ("h", "Sheet Price"),
        ("p", "Your organisation's name and the total contract price excluding VAT, as a number."),
        ("h", "Rules"),
        ("li", "Dates: yyyy-mm-dd or dd-mm-yyyy. Numbers: comma or point as decimal separator."),
        ("li", "Type values, not formulas: a cell holding a formula is not accepted."),
        (
            "li",
            "Several lines in one cell (Services, Exceptions ...): Alt+Enter (Mac: Option+Enter).",
        ),
        (
            "li",
            "The sheets are protected against accidents, without a password. You can change "
            "column widths and row heights.",
        ),
        (
            "li",
            "Save as .xlsx, without macros and without a password. Need more rows than there "
            "are? Contact the contracting authority.",
        ),
    ],
}

LABELS: dict[str, dict[str, Any]] = {"nl": NL, "en": EN}

# Other spellings people type, in either language, by choice list (besides the labels above
# and the codes themselves).
ALIASES: dict[str, dict[str, str]] = {
    "status": {
        "voldoet gedeeltelijk": "partial",
        "deels": "partial",
        "gedeeltelijk voldoet": "partial",
        "voldoet deels": "partial",
        "niet": "fails",
        "met": "meets",
        "fail": "fails",
        "meet": "meets",
    },
    "yes_no": {
        "j": "yes",
        "n": "no",
        "y": "yes",
        "true": "yes",
        "false": "no",
        "waar": "yes",
        "onwaar": "no",
    },
    "support_hours": {"24/7": "24x7", "24 x 7": "24x7", "business": "business"},
    "availability_window": {"maandelijks": "month", "per maand": "month", "per jaar": "year"},
    "opinion": {"met voorbehoud": "qualified", "oordeel onthouden": "disclaimer"},
    "category": {
        "beveiliging": "security",
        "beschikbaarheid": "availability",
        "integriteit van verwerking": "processing_integrity",
        "integriteit": "processing_integrity",
        "vertrouwelijkheid": "confidentiality",
    },
    "method": {"inclusief": "inclusive", "carve out": "carve_out", "uitgesloten": "carve_out"},
    "transfer_mechanism": {
        "standard contractual clauses": "scc",
        "standaardcontractbepalingen": "scc",
        "binding corporate rules": "bcr",
        "adequaatheid": "adequacy",
        "geen doorgifte": "none",
    },
}
