"""Fields of attestation reports (SOC 2, SOC 3, ISAE 3402, ISAE 3000): who, when, what, how.

Each reader looks for the field where the common layouts state it (a label, the signature block
under the opinion, the title's period, a section heading with a list under it) and records it
with its page, or asks the reviewer. Where the document states two different values for one
field, the reviewer is asked too: intake does not choose between the auditor's own words.
"""

from __future__ import annotations

import re
from collections import Counter

from tenderkit.intake.dates import DATE_BODY, DATE_PATTERN, find_periods, parse_date, read_date
from tenderkit.intake.document import Document, Hit, clean_quote
from tenderkit.intake.labels import items_under, labelled, split_list
from tenderkit.intake.reading import Reading

ORGANISATION = re.compile(
    r"\b(B\.V\.|N\.V\.|BV|NV|LLP|LLC|Inc\.?|Ltd\.?|GmbH|S\.A\.|Accountants|Audit|Auditors|Assurance"
    r"|IT-Auditors|Advisory|Certification|Certificering|Registrar|Certificatie|Bedrijfsrevisoren"
    r"|Registeraccountants)(?=\W|$)"
)
_ISSUER_LABELS = (
    r"(service\s+)?auditor|audit\s+firm|auditing\s+firm|issued\s+by|uitgevoerd\s+door|"
    r"uitgegeven\s+door|accountantskantoor|auditorganisatie|auditor\s*/\s*firm"
)
_DATE_LABELS = (
    r"report\s+date|date\s+of\s+(the\s+)?report|date\s+of\s+issue|issue\s+date|issued\s+on|"
    r"datum\s+(van\s+het\s+)?rapport|rapportdatum|datum\s+van\s+uitgifte|uitgiftedatum|"
    r"datum\s+ondertekening"
)
SIGNATURE = re.compile(
    rf"^(?P<city>[A-Z][A-Za-z'’. -]{{1,40}}),\s*(?:(?:the|de)\s+)?(?P<date>{DATE_BODY})\s*$",
    re.IGNORECASE,
)
AS_OF = re.compile(rf"(?i)\b(as\s+of|as\s+at|per|stand\s+per)\s+(?P<date>{DATE_BODY})")

CATEGORY_WORDS = {
    "security": r"security|beveiliging",
    "availability": r"availability|beschikbaarheid",
    "processing_integrity": (
        r"processing\s+integrity|integriteit\s+van\s+(de\s+)?verwerking|verwerkingsintegriteit"
    ),
    "confidentiality": r"confidentiality|vertrouwelijkheid",
    "privacy": r"privacy",
}
_TSC = re.compile(
    r"(?i)(trust\s+services\s+criteria|trustservicescriteria|criteria\s+relevant\s+to|criteria\s+voor)"
)
CRITERIA_WORDS = {
    "bio": r"\bBIO\b|Baseline\s+Informatiebeveiliging\s+Overheid",
    "iso27002": r"ISO\s*/?\s*(IEC\s*)?27002",
    "soc2": r"Trust\s+Services\s+Criteria|trustservicescriteria|\bSOC\s*2\b",
    "nen7510": r"NEN\s*7510",
}
_CRITERIA_CONTEXT = re.compile(
    r"(?i)(criteria|normenkader|toetsingskader|referentiekader|getoetst\s+aan|tested\s+against"
    r"|based\s+on|gebaseerd\s+op|ontleend\s+aan|derived\s+from)"
)
_SERVICES_LABELS = (
    r"services(\s+in\s+scope)?|in[- ]scope\s+services|system(s)?\s+in\s+scope|scope|diensten"
    r"(\s+binnen\s+scope)?|dienstverlening(\s+binnen\s+scope)?|reikwijdte|toepassingsgebied|"
    r"scope\s+van\s+(de\s+)?dienstverlening|services\s+covered"
)
_LOCATION_LABELS = (
    r"locations?(\s+in\s+scope)?|data\s*cent(re|er)s?|locaties|locatie|vestigingen|datacenters?"
)
SUBSERVICE_HEADING = re.compile(
    r"(?i)sub-?service\s*(organi[sz]ations?|providers?)|subservice(bedrijven|organisaties|organisatie)"
    r"|uitbestede\s+(dienstverleners|partijen)"
)
CARVE_OUT = re.compile(
    r"(?i)carve[- ]?out|exclusive\s+method|uitsluitingsmethode|exclusieve\s+methode"
)
INCLUSIVE = re.compile(r"(?i)inclusive|inclusieve|inclusief-?methode|inclusief")
CUEC_HEADING = re.compile(
    r"(?i)complementary\s+user[- ]entity\s+controls|\bCUECs?\b|complementaire\s+"
    r"(gebruikers)?beheersmaatregelen|aanvullende\s+beheersmaatregelen|beheersmaatregelen\s+bij\s+"
    r"(de\s+)?gebruikersorganisatie"
)
ASSERTION_HEADING = re.compile(
    r"(?i)(management'?s?\s+assertion|assertion\s+(of|by)\b.*management|bewering\s+van\s+(het\s+)?"
    r"management|verklaring\s+van\s+(het\s+)?(management|bestuur|directie)|managementverklaring"
    r"|management\s+statement)"
)


def _one(reading: Reading, name: str, candidates: list[tuple[object, Hit]]) -> None:
    """Set `name` when every candidate agrees on one value; ask when they differ or none."""
    values = {repr(v) for v, _ in candidates}
    if len(values) == 1:
        value, hit = candidates[0]
        reading.set(name, value, hit)
    else:
        reading.ask(name)


def read_issuer_and_date(doc: Document, reading: Reading) -> None:
    issuers: list[tuple[object, Hit]] = [
        (v.strip(), h) for v, h, _ in labelled(doc, _ISSUER_LABELS)
    ]
    dates: list[tuple[object, Hit]] = []
    for value, hit, _ in labelled(doc, _DATE_LABELS):
        date = parse_date(value)
        if date is not None:
            dates.append((date, hit))
    if not issuers or not dates:
        for index, line in enumerate(doc.lines):
            match = SIGNATURE.match(line.text)
            if not match:
                continue
            date = read_date(DATE_PATTERN.search(match["date"]))  # type: ignore[arg-type]
            if date is not None and not dates:
                dates.append((date, Hit((line.page,), clean_quote(line.text))))
            if not issuers:
                window = doc.lines[max(0, index - 4) : index + 4]
                orgs = [
                    ln
                    for ln in window
                    if ORGANISATION.search(ln.text)
                    and len(ln.text) < 80
                    and not SIGNATURE.match(ln.text)
                ]
                if orgs:
                    org = orgs[-1] if orgs[-1].top < line.top else orgs[0]
                    name = re.sub(r"^(w\.g\.|signed|getekend)\s*", "", org.text, flags=re.I)
                    issuers.append(
                        (
                            name.strip(),
                            Hit(
                                tuple(sorted({org.page, line.page})),
                                clean_quote(f"{org.text} … {line.text}"),
                            ),
                        )
                    )
    _one(reading, "issuer", issuers[:1] if len({repr(v) for v, _ in issuers}) == 1 else issuers)
    _one(reading, "issued", dates[:1] if len({repr(v) for v, _ in dates}) == 1 else dates)


def read_period(doc: Document, reading: Reading, *, type_known: int | None) -> None:
    periods = list(find_periods(doc.text))
    counts = Counter((p.start, p.end) for p in periods)
    if counts:
        (best, count), *rest = counts.most_common()
        if not rest or count > sum(c for _, c in rest):
            first = next(p for p in periods if (p.start, p.end) == best)
            reading.set("period", {"start": best[0], "end": best[1]}, doc.hit(*first.span))
        else:
            reading.ask("period")
    if type_known == 2:
        if not reading.has("period"):
            reading.ask("period")
        return
    as_of = [(read_date(DATE_PATTERN.search(m["date"])), m) for m in doc.search(AS_OF)]  # type: ignore[arg-type]
    as_of = [(d, m) for d, m in as_of if d is not None]
    if as_of and not reading.has("period"):
        distinct = {d for d, _ in as_of}
        if len(distinct) == 1:
            date, match = as_of[0]
            reading.set("as_of", date, doc.hit(match.start(), match.end()))
        else:
            reading.ask("as_of")
    elif type_known == 1:
        reading.ask("as_of")


def read_categories(doc: Document, reading: Reading) -> None:
    for match in doc.search(_TSC):
        start, end = doc.sentence_span(match.start(), match.end())
        sentence = doc.text[start:end]
        found = [
            c for c, words in CATEGORY_WORDS.items() if re.search(rf"(?i)\b({words})\b", sentence)
        ]
        if found:
            reading.set(
                "categories", sorted(found), doc.hit(match.start(), match.end(), (start, end))
            )
            return
    reading.ask("categories")


def read_criteria(doc: Document, reading: Reading) -> None:
    for match in doc.search(_CRITERIA_CONTEXT):
        start, end = doc.sentence_span(match.start(), match.end())
        sentence = doc.text[start:end]
        found = [c for c, words in CRITERIA_WORDS.items() if re.search(rf"(?i)({words})", sentence)]
        if found:
            reading.set(
                "criteria", sorted(found), doc.hit(match.start(), match.end(), (start, end))
            )
            return
    reading.ask("criteria")


def read_scope(doc: Document, reading: Reading) -> None:
    scope: dict[str, list[str]] = {}
    hits: list[Hit] = []
    for key, labels in (("services", _SERVICES_LABELS), ("locations", _LOCATION_LABELS)):
        values = [(split_list(v), h) for v, h, _ in labelled(doc, labels)]
        values = [(v, h) for v, h in values if v]
        if values and len({tuple(v) for v, _ in values}) == 1:
            scope[key] = values[0][0]
            hits.append(values[0][1])
        else:
            reading.ask(f"scope.{key}")
    if scope:
        pages = tuple(sorted({p for h in hits for p in h.pages}))
        reading.set("scope", scope, Hit(pages, clean_quote(" | ".join(h.quote for h in hits))))


def read_subservice(doc: Document, reading: Reading) -> None:
    entries: list[dict[str, str]] = []
    pages: set[int] = set()
    unsure = False
    sections = list(doc.sections(SUBSERVICE_HEADING))
    for head, body, end in sections:
        pages.add(doc.lines[head].page)
        section_method = None
        rows = []
        for i in range(body, end):
            line = doc.lines[i]
            text = line.text
            if re.search(r"(?i)\b(name|naam)\b", text) and re.search(
                r"(?i)method|methode|service|dienst", text
            ):
                continue  # a table's header row
            cells = [c for _, c in line.cells] if len(line.cells) >= 2 else None
            bullet = re.match(r"^\s*[•\-–*·▪◦]\s+(?P<rest>.*)$", text)
            if cells or bullet:
                rows.append((cells, bullet["rest"] if bullet else text, line.page))
            elif CARVE_OUT.search(text) or INCLUSIVE.search(text):
                section_method = "carve_out" if CARVE_OUT.search(text) else "inclusive"
                pages.add(line.page)
        for cells, text, page in rows:
            method = _method(text) or section_method
            if cells:
                name, service = (
                    cells[0],
                    (cells[1] if len(cells) > 2 or not _method(cells[-1]) else ""),
                )
            else:
                m = re.match(
                    r"^(?P<name>[^(:–—]+?)\s*(\((?P<svc>[^)]*)\))?\s*([:–—-]\s*.*)?$", text
                )
                name, service = (m["name"], m["svc"] or "") if m else (text, "")
            name = name.strip(" :-–")
            if not name:
                continue
            if method is None:
                unsure = True
                continue
            entry = {"name": name, "method": method}
            if service and not _method(service):
                entry["service"] = service.strip()
            entries.append(entry)
            pages.add(page)
    if entries and not unsure:
        quote = "; ".join(f"{e['name']} ({e['method'].replace('_', '-')})" for e in entries)
        reading.set("subservice", entries, Hit(tuple(sorted(pages)), clean_quote(quote)))
    elif sections or CARVE_OUT.search(doc.text) or re.search(r"(?i)inclusive\s+method", doc.text):
        reading.ask("subservice")


def _method(text: str) -> str | None:
    if CARVE_OUT.search(text):
        return "carve_out"
    if INCLUSIVE.search(text):
        return "inclusive"
    return None


def read_cuecs(doc: Document, reading: Reading) -> None:
    found = list(items_under(doc, CUEC_HEADING))
    if found:
        items = [text for texts, _ in found for text in texts]
        pages = tuple(sorted({p for _, hit in found for p in hit.pages}))
        reading.set("cuecs", items, Hit(pages, found[0][1].quote))
    else:
        reading.ask("cuecs")


def read_assertion(doc: Document, reading: Reading) -> None:
    for head, _, _ in doc.sections(ASSERTION_HEADING):
        reading.set("management_assertion", True, doc.line_hit(head))
        return
    reading.ask("management_assertion")
