"""Synthetic assurance reports and certificates as PDFs, in our own words, for intake's tests.

A `Spec` holds the facts; `build_report` / `build_certificate` set them in one of three layouts
(`classic`: one column, ruled tables; `columns`: two-column description and unruled tables;
`blocks`: numbered headings, control blocks with "Result:" labels, bullets), in English or
Dutch, with running headers and footers and filler pages. Every fact records the physical pages
it was printed on (`Built.pages`), so tests assert intake's citations against what was printed.
Nothing here is text from a real report.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
LAYOUTS = ("classic", "columns", "blocks")

MONTHS_EN = "January February March April May June July August September October November December"
MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)


def say_date(day: dt.date, language: str, style: int = 0) -> str:
    """A date written the way reports do: several styles per language."""
    if style == 2:
        return day.strftime("%d-%m-%Y")
    if style == 3:
        return day.isoformat()
    if language == "nl":
        return f"{day.day} {MONTHS_NL.split()[day.month - 1]} {day.year}"
    month = MONTHS_EN.split()[day.month - 1]
    return f"{month} {day.day}, {day.year}" if style == 0 else f"{day.day} {month} {day.year}"


@dataclass
class Spec:
    kind: str
    language: str = "en"
    layout: str = "classic"
    company: str = "Kadeveld Cloud B.V."
    issuer: str = "Noordhaven Audit B.V."
    city: str = "Utrecht"
    issued: dt.date = dt.date(2026, 5, 15)
    period: tuple[dt.date, dt.date] | None = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    as_of: dt.date | None = None
    opinion: str = "unqualified"  # or qualified, adverse, disclaimer, ambiguous
    categories: list[str] = field(default_factory=lambda: ["security", "availability"])
    criteria: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=lambda: ["Kadeveld Records", "Kadeveld Archive"])
    locations: list[str] = field(default_factory=lambda: ["Amsterdam", "Eindhoven"])
    subservice: list[tuple[str, str, str]] = field(
        default_factory=lambda: [("Lowland Hosting B.V.", "hosting", "carve_out")]
    )
    cuecs: list[str] = field(
        default_factory=lambda: [
            "User entities review the access rights of their own staff every quarter.",
            "User entities report suspected security incidents without delay.",
        ]
    )
    controls: list[str] = field(default_factory=lambda: ["CC6.1", "CC6.2", "CC7.2", "A1.2"])
    exceptions: dict[str, str] = field(default_factory=dict)
    assertion: bool = True
    filler_pages: int = 1
    date_style: int = 0
    # ISO 27001 certificates
    standard: str = "ISO/IEC 27001:2022"
    accreditation: tuple[str, str] | None = ("Raad voor Accreditatie", "C 512")
    valid_until: dt.date = dt.date(2028, 6, 30)
    original: dt.date = dt.date(2019, 7, 1)
    excluded: list[str] | None = None
    soa: str = "version 4.2 of 3 March 2026"


@dataclass
class Built:
    data: bytes
    pages: dict[str, set[int]]

    def write(self, path: Path) -> Path:
        path.write_bytes(self.data)
        return path


T = {
    "title": {
        "en": "Independent Service Auditor's Report",
        "nl": "Assurancerapport van de onafhankelijke auditor",
    },
    "opinion": {"en": "Opinion", "nl": "Oordeel"},
    "assertion": {"en": "Management's Assertion", "nl": "Bewering van het management"},
    "description": {"en": "Description of the System", "nl": "Beschrijving van het systeem"},
    "subservice": {"en": "Subservice Organizations", "nl": "Subserviceorganisaties"},
    "cuecs": {
        "en": "Complementary User Entity Controls",
        "nl": "Complementaire beheersmaatregelen bij de gebruikersorganisatie",
    },
    "tests": {
        "en": "Controls, Tests and Results",
        "nl": "Beheersmaatregelen, testwerkzaamheden en resultaten",
    },
    "other": {
        "en": "Other Information Provided by the Service Organization",
        "nl": "Overige informatie van de serviceorganisatie",
    },
    "responsibilities": {
        "en": "Service Auditor's Responsibilities",
        "nl": "Verantwoordelijkheden van de auditor",
    },
    "basis_q": {
        "en": "Basis for Qualified Opinion",
        "nl": "Onderbouwing van het oordeel met beperking",
    },
    "no_exc": {"en": "No exceptions noted.", "nl": "Geen afwijkingen geconstateerd."},
    "result": {"en": "Result", "nl": "Resultaat"},
    "services": {"en": "Services in scope", "nl": "Diensten binnen scope"},
    "locations": {"en": "Locations", "nl": "Locaties"},
}
CATEGORY_NAMES = {
    "en": {
        "security": "security",
        "availability": "availability",
        "processing_integrity": "processing integrity",
        "confidentiality": "confidentiality",
        "privacy": "privacy",
    },
    "nl": {
        "security": "beveiliging",
        "availability": "beschikbaarheid",
        "processing_integrity": "integriteit van de verwerking",
        "confidentiality": "vertrouwelijkheid",
        "privacy": "privacy",
    },
}
CRITERIA_NAMES = {
    "bio": "the Baseline Informatiebeveiliging Overheid (BIO)",
    "iso27002": "ISO/IEC 27002:2022",
    "soc2": "the Trust Services Criteria",
}
FILLER = {
    "en": "The service organization keeps a documented process for this area. Staff follow the written procedure, "
    "changes are recorded in the ticketing tool and reviewed by a second person before they take effect. ",
    "nl": "De serviceorganisatie hanteert voor dit onderwerp een vastgelegde werkwijze. Medewerkers volgen de "
    "beschreven procedure, wijzigingen worden in het ticketsysteem vastgelegd en door een tweede persoon beoordeeld. ",
}


class _Pdf(FPDF):
    def __init__(self, header_text: str, language: str):
        super().__init__(format="A4")
        self.header_text = header_text
        self.language = language
        self.add_font("Body", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("Body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=22)
        self.set_margins(20, 22, 20)
        self.alias_nb_pages()
        self.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # same bytes each build

    def header(self) -> None:
        self.set_font("Body", "", 8)
        self.set_xy(20, 8)
        self.cell(0, 5, self.header_text)
        self.set_xy(20, 22)

    def footer(self) -> None:
        self.set_font("Body", "", 8)
        self.set_xy(20, -14)
        word = "Pagina" if self.language == "nl" else "Page"
        of = "van" if self.language == "nl" else "of"
        self.cell(0, 5, f"{word} {self.page_no()} {of} {{nb}}")


class _Writer:
    def __init__(self, spec: Spec, header: str):
        self.spec = spec
        self.pdf = _Pdf(header, spec.language)
        self.pages: dict[str, set[int]] = defaultdict(set)

    @property
    def nl(self) -> bool:
        return self.spec.language == "nl"

    def t(self, key: str) -> str:
        return T[key][self.spec.language]

    def date(self, day: dt.date) -> str:
        return say_date(day, self.spec.language, self.spec.date_style)

    def heading(self, text: str, number: str = "") -> None:
        self.pdf.ln(3)
        self.pdf.set_font("Body", "B", 12)
        self.pdf.multi_cell(0, 7, f"{number} {text}".strip(), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def para(self, text: str, *facts: str) -> None:
        before = self.pdf.page_no()
        self.pdf.set_font("Body", "", 10)
        self.pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)
        for fact in facts:
            self.pages[fact].update(range(before, self.pdf.page_no() + 1))

    def mark(self, fact: str) -> None:
        self.pages[fact].add(self.pdf.page_no())

    def filler(self, pages: int, topic: str) -> None:
        """Paragraphs of description until `pages` more pages are filled."""
        end = self.pdf.page_no() + pages
        while self.pdf.page_no() < end:
            self.para(FILLER[self.spec.language] * 3)


def _period_text(w: _Writer) -> str:
    s = w.spec
    if s.period is None:
        return ""
    a, b = w.date(s.period[0]), w.date(s.period[1])
    if w.nl:
        return f"over de periode van {a} tot en met {b}"
    return (
        f"for the period {a} to {b}"
        if s.layout != "blocks"
        else f"throughout the period {a} through {b}"
    )


def _scope_sentence(w: _Writer) -> str:
    s = w.spec
    kind = s.kind
    if kind.startswith("soc"):
        names = [CATEGORY_NAMES[s.language][c] for c in s.categories]
        joined = (
            ", ".join(names[:-1])
            + (f" {'en' if w.nl else 'and'} " if len(names) > 1 else "")
            + names[-1]
        )
        if w.nl:
            return f"op basis van de trustservicescriteria voor {joined}"
        return f"based on the trust services criteria relevant to {joined}"
    if kind.startswith("isae3000"):
        names = [CRITERIA_NAMES[c] for c in s.criteria]
        joined = (" en " if w.nl else " and ").join(names)
        return (
            f"getoetst aan het normenkader {joined}"
            if w.nl
            else f"tested against the criteria of {joined}"
        )
    return (
        "in het kader van de financiële verslaggeving van gebruikersorganisaties"
        if w.nl
        else "relevant to user entities' internal control over financial reporting"
    )


def _standard(kind: str) -> str:
    if kind.startswith("soc2"):
        return "SOC 2"
    if kind == "soc3":
        return "SOC 3"
    if kind.startswith("isae3402"):
        return "ISAE 3402"
    return "ISAE 3000"


def _type_word(kind: str) -> str:
    if kind.endswith("type1"):
        return "Type I" if "soc" in kind else "Type 1"
    if kind.endswith("type2"):
        return "Type II" if "soc" in kind else "Type 2"
    return ""


def _opinion_paragraph(w: _Writer) -> str:
    s = w.spec
    subject = (
        f"geeft de beschrijving van {s.company} een getrouw beeld en zijn de beheersmaatregelen {_period_text(w) + ' effectief geweest' if s.period else 'per ' + w.date(s.as_of) + ' passend opgezet'}"
        if w.nl
        else f"the description of {s.company} is fairly presented and the controls {'operated effectively ' + _period_text(w) if s.period else 'were suitably designed as of ' + w.date(s.as_of)}"
    )
    if s.opinion == "unqualified":
        return (
            f"Naar ons oordeel {subject}, in alle van materieel belang zijnde opzichten en {_scope_sentence(w)}."
            if w.nl
            else f"In our opinion, in all material respects, {subject}, {_scope_sentence(w)}."
        )
    if s.opinion == "qualified":
        return (
            f"Naar ons oordeel {subject}, met uitzondering van de gevolgen van de in de onderbouwing beschreven aangelegenheid, in alle van materieel belang zijnde opzichten en {_scope_sentence(w)}."
            if w.nl
            else f"In our opinion, except for the matter described in the basis paragraph, in all material respects, {subject}, {_scope_sentence(w)}."
        )
    if s.opinion == "adverse":
        return (
            "Wij geven een afkeurend oordeel: door het belang van de beschreven aangelegenheid zijn de beheersmaatregelen niet in alle van materieel belang zijnde opzichten effectief geweest."
            if w.nl
            else f"Because of the significance of the matter described, the controls were not operating effectively in all material respects, {_scope_sentence(w)}; this is an adverse opinion."
        )
    if s.opinion == "disclaimer":
        return (
            "Wij hebben geen voldoende en geschikte informatie kunnen verkrijgen en geven wij geen oordeel over de beschrijving."
            if w.nl
            else f"We were unable to obtain sufficient appropriate evidence and accordingly we do not express an opinion on the description, {_scope_sentence(w)}."
        )
    # ambiguous: neither the standard wording nor a clear modification
    return (
        "Op grond van onze werkzaamheden menen wij dat de beheersmaatregelen grotendeels werkten, afhankelijk van de nog lopende herstelacties."
        if w.nl
        else f"Based on our work we believe the controls largely worked, {_scope_sentence(w)}, subject to the remediation still under way with management."
    )


def build_report(spec: Spec) -> Built:
    """An attestation report (SOC 2/3, ISAE 3402, ISAE 3000) in the spec's layout and language."""
    standard, type_word = _standard(spec.kind), _type_word(spec.kind)
    header = f"{spec.company} – {standard} {type_word}".strip()
    w = _Writer(spec, header)
    pdf = w.pdf
    numbered = spec.layout == "blocks"
    # title page
    pdf.add_page()
    pdf.set_font("Body", "B", 18)
    pdf.ln(30)
    pdf.multi_cell(
        0,
        10,
        f"{standard} {type_word} {'rapport' if w.nl else 'Report'}".replace("  ", " "),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    w.mark("kind")
    pdf.set_font("Body", "", 12)
    if spec.period:
        w.para(f"{spec.company}: {_period_text(w)}", "period")
    elif spec.as_of:
        w.para(f"{spec.company}: {'per' if w.nl else 'as of'} {w.date(spec.as_of)}", "as_of")
    # section I
    pdf.add_page()
    w.heading(f"{'Sectie' if w.nl else 'Section'} I – {w.t('title')}")
    w.para(
        ("Aan de directie van " if w.nl else "To the management of ")
        + spec.company
        + (
            ". Wij hebben de beschrijving van het systeem onderzocht."
            if w.nl
            else ". We have examined the description of the system."
        )
    )
    w.heading(w.t("responsibilities"))
    w.para(
        "Wij dienen op basis van onze werkzaamheden redelijke zekerheid te verkrijgen of de beschrijving in alle van materieel belang zijnde opzichten getrouw is."
        if w.nl
        else "Our responsibility is to obtain reasonable assurance about whether, in all material respects, the description is fairly presented."
    )
    if spec.opinion == "qualified":
        w.heading(w.t("basis_q"))
        w.para(
            "Een deel van de wijzigingen is niet goedgekeurd vastgelegd."
            if w.nl
            else "Part of the changes lacked a recorded approval."
        )
    heading = {
        "qualified": ("Qualified Opinion", "Oordeel met beperking"),
        "adverse": ("Adverse Opinion", "Afkeurend oordeel"),
        "disclaimer": ("Disclaimer of Opinion", "Oordeelonthouding"),
    }.get(spec.opinion, (w.t("opinion"),) * 2)
    w.heading(heading[1] if w.nl else heading[0], "1." if numbered else "")
    w.para(
        _opinion_paragraph(w),
        "opinion",
        "categories",
        "criteria",
        "period" if spec.period else "as_of",
    )
    w.heading("Beperking in gebruik" if w.nl else "Restricted Use")
    w.para(
        "Dit rapport is uitsluitend bestemd voor de gebruikersorganisaties."
        if w.nl
        else "This report is intended solely for user entities."
    )
    w.para(spec.issuer, "issuer")
    w.para(f"{spec.city}, {w.date(spec.issued)}", "issued", "issuer")
    # section II
    if spec.assertion and spec.kind != "soc3":
        pdf.add_page()
        w.heading(f"{'Sectie' if w.nl else 'Section'} II – {w.t('assertion')}")
        w.mark("management_assertion")
        w.para(
            "Wij hebben de beschrijving opgesteld en bevestigen dat deze getrouw is."
            if w.nl
            else "We have prepared the description and confirm that it is fairly presented."
        )
    # section III
    pdf.add_page()
    w.heading(f"{'Sectie' if w.nl else 'Section'} III – {w.t('description')}")
    if spec.layout == "columns":
        _columns_block(w)
    else:
        w.para(f"{w.t('services')}: {', '.join(spec.services)}", "scope")
        w.para(f"{w.t('locations')}: {', '.join(spec.locations)}", "scope")
        w.filler(spec.filler_pages, "description")
    if spec.kind != "soc3":
        _subservice(w)
        _cuecs(w)
    if spec.kind.endswith("type2"):
        pdf.add_page()
        w.heading(f"{'Sectie' if w.nl else 'Section'} IV – {w.t('tests')}")
        _tests(w)
    pdf.add_page()
    w.heading(f"{'Sectie' if w.nl else 'Section'} V – {w.t('other')}")
    w.para(FILLER[spec.language])
    return Built(bytes(pdf.output()), dict(w.pages))


def _columns_block(w: _Writer) -> None:
    s = w.spec
    page = w.pdf.page_no()
    with w.pdf.text_columns(ncols=2, gutter=10, text_align="LEFT", balance=True) as cols:
        w.pdf.set_font("Body", "", 10)
        cols.write(f"{w.t('services')}: {', '.join(s.services)}\n\n")
        cols.write(f"{w.t('locations')}: {', '.join(s.locations)}\n\n")
        for _ in range(9):
            cols.write(FILLER[s.language] + "\n\n")
    w.pages["scope"].add(page)
    w.pdf.ln(4)


def _subservice(w: _Writer) -> None:
    s = w.spec
    if not s.subservice:
        return
    w.heading(w.t("subservice"))
    method_word = {"carve_out": "carve-out", "inclusive": "inclusive"}
    if s.layout == "blocks":
        for name, service, method in s.subservice:
            w.para(
                f"• {name} ({service}): {method_word[method]} {'methode' if w.nl else 'method'}",
                "subservice",
            )
        return
    header = ("Naam", "Dienst", "Methode") if w.nl else ("Name", "Service", "Method")
    w.pdf.set_font("Body", "", 10)
    with w.pdf.table(
        col_widths=(70, 50, 50),
        borders_layout="ALL" if s.layout == "classic" else "NONE",
        first_row_as_headings=True,
        line_height=6,
        v_align="MIDDLE" if s.layout == "classic" else "TOP",
    ) as table:
        table.row(header)
        for name, service, method in s.subservice:
            table.row((name, service, method_word[method]))
    w.mark("subservice")
    w.pdf.ln(3)


def _cuecs(w: _Writer) -> None:
    s = w.spec
    if not s.cuecs:
        return
    w.heading(w.t("cuecs"))
    for number, text in enumerate(s.cuecs, 1):
        w.para(f"• {text}" if s.layout != "blocks" else f"{number}. {text}", "cuecs")


def _tests(w: _Writer) -> None:
    s = w.spec
    desc = (
        "De organisatie heeft een procedure vastgelegd en past deze toe."
        if w.nl
        else "The organization has a written procedure and applies it."
    )
    test = (
        "Steekproef van 25 wijzigingen beoordeeld." if w.nl else "Inspected a sample of 25 changes."
    )
    if s.layout == "blocks":
        for control in s.controls:
            w.para(f"{'Beheersmaatregel' if w.nl else 'Control'} {control}: {desc}")
            result = s.exceptions.get(control, w.t("no_exc"))
            w.para(
                f"{w.t('result')}: {result}",
                f"exception:{control}" if control in s.exceptions else "tests",
            )
        return
    header = (
        ("Criterium", "Beheersmaatregel", "Test", "Resultaat")
        if w.nl
        else ("Criterion", "Control activity", "Tests performed", "Results of tests")
    )
    w.pdf.set_font("Body", "", 9)
    with w.pdf.table(
        col_widths=(22, 60, 45, 43),
        borders_layout="ALL" if s.layout == "classic" else "NONE",
        first_row_as_headings=True,
        line_height=5,
        repeat_headings=1,
        v_align="MIDDLE" if s.layout == "classic" else "TOP",
    ) as table:
        table.row(header)
        for control in s.controls:
            result = s.exceptions.get(control, w.t("no_exc"))
            before = w.pdf.page_no()
            table.row((control, desc + " " + desc, test, result))
            # the row lands on this page or the next when the table breaks
            w.pages[f"exception:{control}" if control in s.exceptions else "tests"].update(
                {before, before + 1}
            )
    for control in s.exceptions:
        w.pages[f"exception:{control}"] = {
            p for p in w.pages[f"exception:{control}"] if p <= w.pdf.page_no()
        }


def build_certificate(spec: Spec) -> Built:
    """An ISO/IEC 27001 certificate in the spec's layout and language (two pages with annex)."""
    w = _Writer(spec, "")
    pdf = w.pdf
    pdf.header = lambda: None  # type: ignore[method-assign]
    pdf.footer = lambda: None  # type: ignore[method-assign]
    pdf.add_page()
    pdf.set_font("Body", "B", 22)
    pdf.ln(15)
    pdf.cell(
        0, 12, "CERTIFICAAT" if w.nl else "CERTIFICATE", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Body", "", 11)
    pdf.ln(6)
    labels_nl = {
        "body": "Certificatie-instelling",
        "number": "Certificaatnummer",
        "issued": "Datum van uitgifte",
        "valid": "Geldig tot",
        "original": "Datum eerste certificatie",
        "scope": "Reikwijdte",
        "locations": "Locaties",
        "soa": "Verklaring van toepasselijkheid",
        "excluded": "Uitgesloten beheersmaatregelen",
    }
    labels_en = {
        "body": "Certification body",
        "number": "Certificate number",
        "issued": "Issue date",
        "valid": "Valid until",
        "original": "Original certification date",
        "scope": "Scope",
        "locations": "Locations",
        "soa": "Statement of Applicability",
        "excluded": "Excluded controls",
    }
    lab = labels_nl if w.nl else labels_en
    if spec.layout == "blocks":
        w.para(
            f"{spec.issuer} {'verklaart hierbij dat' if w.nl else 'hereby certifies that'} {spec.company} "
            f"{'een managementsysteem voor informatiebeveiliging hanteert dat voldoet aan' if w.nl else 'operates an information security management system that conforms to'} {spec.standard}.",
            "issuer",
            "standard_version",
        )
    else:
        w.para(
            f"{'Hierbij wordt verklaard dat' if w.nl else 'This is to certify that'} {spec.company} "
            f"{'voldoet aan de eisen van' if w.nl else 'meets the requirements of'} {spec.standard}.",
            "standard_version",
        )
    rows = []
    if spec.layout != "blocks":
        rows.append((lab["body"], spec.issuer, "issuer"))
    rows += [
        (lab["number"], "ISMS-2026-0417", "number"),
        (lab["scope"], ", ".join(spec.services), "scope"),
        (lab["locations"], ", ".join(spec.locations), "scope"),
        (lab["issued"], w.date(spec.issued), "issued"),
        (lab["valid"], w.date(spec.valid_until), "valid_until"),
        (lab["original"], w.date(spec.original), "original"),
    ]
    if spec.layout == "columns":
        with pdf.table(col_widths=(60, 110), borders_layout="NONE", line_height=7) as table:
            for label, value, _ in rows:
                table.row((label, value))
        for *_, fact in rows:
            w.mark(fact)
    else:
        for label, value, fact in rows:
            w.para(f"{label}: {value}", fact)
    if spec.accreditation:
        body, number = spec.accreditation
        text = (
            f"Deze certificatie is uitgevoerd onder accreditatie door de {body}, registratienummer {number}."
            if w.nl
            else f"This certification was carried out under accreditation by the {body}, registration number {number}."
        )
        w.para(text, "accreditation")
    pdf.add_page()
    pdf.set_font("Body", "B", 12)
    pdf.cell(
        0,
        8,
        "Bijlage bij het certificaat" if w.nl else "Annex to the certificate",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    w.para(f"{lab['soa']}: {spec.soa}")
    if spec.excluded is not None:
        value = ", ".join(spec.excluded) if spec.excluded else ("geen" if w.nl else "none")
        w.para(f"{lab['excluded']}: {value}", "excluded_controls")
    return Built(bytes(pdf.output()), dict(w.pages))


def as_scan(built: Built, dpi: int = 200) -> Built:
    """The same document as an image-only PDF: each page rendered to a picture, no text layer."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(io.BytesIO(built.data))
    out = FPDF(format="A4")
    for index in range(len(source)):
        image = source[index].render(scale=dpi / 72, grayscale=True).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        out.add_page()
        out.image(buffer, x=0, y=0, w=210, h=297)
    source.close()
    return Built(bytes(out.output()), built.pages)
