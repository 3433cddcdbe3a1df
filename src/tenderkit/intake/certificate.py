"""Fields of an ISO/IEC 27001 certificate: body, version, accreditation, dates, scope, SoA.

Certificates are short and labelled ("Issue date", "Geldig tot", "Accredited by"), but often
scanned: a value read by OCR is kept only when it matches a strict pattern (a date, the
standard's year, an accreditation number), and is otherwise listed under `confirm`.
"""

from __future__ import annotations

import re

from tenderkit.intake.attestation import ORGANISATION, read_scope
from tenderkit.intake.dates import parse_date
from tenderkit.intake.document import Document, Hit
from tenderkit.intake.labels import labelled, split_list
from tenderkit.intake.reading import Reading

VERSION = re.compile(r"(?i)\b(?:NEN-)?(?:EN-)?ISO\s*/?\s*(?:IEC\s*)?27001\s*:\s*(?P<year>20\d\d)\b")
VERSION_OF_YEAR = {"2022": "2022", "2023": "2022", "2013": "2013", "2017": "2013"}
"""NEN-EN-ISO/IEC 27001:2017 is the Dutch edition of the 2013 text, :2023 that of 2022."""

ACCREDITATION_BODIES = {
    "RvA": r"\bRvA\b|Raad\s+voor\s+Accreditatie",
    "UKAS": r"\bUKAS\b",
    "DAkkS": r"\bDAkkS\b",
    "ANAB": r"\bANAB\b",
    "COFRAC": r"\bCOFRAC\b",
    "BELAC": r"\bBELAC\b",
    "ENAC": r"\bENAC\b",
    "ACCREDIA": r"\bACCREDIA\b",
}
ACCREDITATION_CONTEXT = re.compile(r"(?i)accredit|geaccrediteerd|accreditatie")
ACCREDITATION_NUMBER = re.compile(
    r"(?i)\b(?:number|no\.?|nr\.?|nummer|registration)\s*:?\s*(?P<n>[A-Z]{0,2}\s?\d{3,5})\b|\bRvA\s+(?P<rva>[CKIL]\s?\d{3})\b"
)

_DATE_FIELDS = {
    "issued": r"issue\s+date|date\s+of\s+issue|issued\s+on|date\s+issued|"
    r"datum\s+van\s+(afgifte|uitgifte)|"
    r"uitgiftedatum|afgiftedatum|datum\s+uitgifte|issued",
    "valid_until": r"valid\s+until|expiry\s+date|expiration\s+date|date\s+of\s+expiry|"
    r"expires(\s+on)?|"
    r"geldig\s+tot(\s+en\s+met)?|vervaldatum|geldigheidsdatum|geldig\s+t/m",
    "last_audit": r"(date\s+of\s+)?(last|latest)\s+(surveillance\s+|recertification\s+)?"
    r"audit(\s+date)?|"
    r"datum\s+laatste\s+audit|laatste\s+(controle|audit)",
}
_NOTE_DATES = {
    "original_certification": r"original\s+certification(\s+date)?|"
    r"initial\s+certification(\s+date)?|"
    r"date\s+of\s+(original|initial)\s+certification|datum\s+eerste\s+certifica(tie|ering)|"
    r"oorspronkelijke\s+certifica(tie|ering)(sdatum)?|eerste\s+certificatiedatum",
}
_BODY_LABELS = (
    r"certification\s+body|certificatie-?instelling|certifying\s+body|issued\s+by|uitgegeven\s+door"
)
CERTIFIES = re.compile(
    r"(?P<body>[A-Z][\w&.,' -]{2,80}?)\s+(hereby\s+)?"
    r"(certifies|declares|verklaart(\s+hierbij)?)\s+(that|dat)\b"
)
_EXCLUDED_LABELS = (
    r"excluded\s+(annex\s+a\s+)?controls|exclusions|controls\s+excluded|uitgesloten\s+"
    r"(beheersmaatregelen|maatregelen)|uitsluitingen"
)
_SOA_LABELS = r"statement\s+of\s+applicability|verklaring\s+van\s+toepasselijkheid|SoA(\s+version)?"
ANNEX_CONTROL = re.compile(
    r"\b(?:A\.)?(?P<id>[5-8]\.\d{1,2}|1[0-8]\.\d{1,2}\.\d{1,2}|A\.\d{1,2}\.\d{1,2}\.\d{1,2})\b"
)


def read_certificate(doc: Document, reading: Reading) -> None:
    ocr = bool(doc.ocr_pages)
    _body(doc, reading, ocr)
    versions = {VERSION_OF_YEAR.get(m["year"]): m for m in doc.search(VERSION)}
    versions.pop(None, None)
    if len(versions) == 1:
        version, match = next(iter(versions.items()))
        reading.set("standard_version", version, doc.hit(match.start(), match.end()))
    else:
        reading.ask("standard_version")
    for name, labels in _DATE_FIELDS.items():
        _date(doc, reading, name, labels, optional=name == "last_audit")
    for name, labels in _NOTE_DATES.items():
        for value, hit, _ in labelled(doc, labels):
            if parse_date(value):
                reading.note(name, hit)
                break
    _accreditation(doc, reading)
    read_scope(doc, reading)
    if ocr and reading.has("scope"):
        reading.ask("scope")  # free text read by OCR: the reviewer checks every word
    _excluded(doc, reading, ocr)
    for _value, hit, _ in labelled(doc, _SOA_LABELS):
        reading.note("statement_of_applicability", hit)
        break
    for _value, hit, _ in labelled(
        doc, r"certificate\s+(number|no\.?)|certificaatnummer|certificaat\s+nr\.?"
    ):
        reading.note("certificate_number", hit)
        break


def _body(doc: Document, reading: Reading, ocr: bool) -> None:
    bodies = [(v.strip(), h) for v, h, _ in labelled(doc, _BODY_LABELS)]
    if not bodies:
        for match in doc.search(CERTIFIES):
            body = re.sub(r"(?i)^(this\s+is\s+to\s+certify.*|hereby.*)$", "", match["body"]).strip(
                " ,"
            )
            if body and ORGANISATION.search(body):
                bodies.append((body, doc.hit(match.start(), match.end())))
    if len({b for b, _ in bodies}) == 1:
        reading.set("issuer", bodies[0][0], bodies[0][1], sure=not ocr)
    else:
        reading.ask("issuer")


def _date(
    doc: Document, reading: Reading, name: str, labels: str, *, optional: bool = False
) -> None:
    dates = []
    for value, hit, _ in labelled(doc, labels):
        date = parse_date(value)
        if date is not None:
            dates.append((date, hit))
    if len({d for d, _ in dates}) == 1:
        reading.set(name, dates[0][0], dates[0][1])  # a date is a strict pattern, OCR or not
    elif dates or not optional:
        reading.ask(name)


def _accreditation(doc: Document, reading: Reading) -> None:
    for match in doc.search(ACCREDITATION_CONTEXT):
        start, end = doc.sentence_span(match.start(), match.end())
        sentence = doc.text[start:end]
        bodies = [b for b, words in ACCREDITATION_BODIES.items() if re.search(words, sentence)]
        if len(bodies) == 1:
            reading.set(
                "accreditation", bodies[0], doc.hit(match.start(), match.end(), (start, end))
            )
            number = ACCREDITATION_NUMBER.search(sentence)
            if number:
                reading.note(
                    "accreditation_number",
                    Hit(doc.pages_of(start, end), (number["n"] or number["rva"]).strip()),
                )
            return
    reading.ask("accreditation")


def _excluded(doc: Document, reading: Reading, ocr: bool) -> None:
    for value, hit, _ in labelled(doc, _EXCLUDED_LABELS):
        if re.fullmatch(r"(?i)\W*(none|geen|n\.?v\.?t\.?|no controls? (are )?excluded)\W*", value):
            reading.set("excluded_controls", [], hit)
            return
        ids = [m["id"] for m in ANNEX_CONTROL.finditer(value)]
        if ids:
            reading.set("excluded_controls", ids, hit)
            return
    reading.ask("excluded_controls")


__all__ = ["read_certificate", "split_list"]
