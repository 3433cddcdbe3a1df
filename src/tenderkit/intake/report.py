"""One PDF in, one `Intake` out: check the file, read its text, recognise the kind, read fields.

The orchestration only: each step lives in its own module (safety, extract, classify, opinion,
attestation, exceptions, certificate). The result is plain data; `output` turns it into YAML.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderkit.intake import attestation, certificate
from tenderkit.intake.classify import classify
from tenderkit.intake.exceptions import read_exceptions
from tenderkit.intake.extract import read_document
from tenderkit.intake.ocr import OcrUnavailable
from tenderkit.intake.opinion import read_opinion
from tenderkit.intake.reading import Reading
from tenderkit.intake.safety import Refused, check_pdf

FIELD_ORDER = (
    "kind", "issuer", "issued", "period", "as_of", "opinion", "categories", "criteria", "scope",
    "exceptions", "subservice", "cuecs", "management_assertion", "bridge_letter_until",
    "standard_version", "accreditation", "valid_until", "excluded_controls", "last_audit",
)  # fmt: skip
STRICT_FIELDS = frozenset(
    {"issued", "period", "as_of", "valid_until", "last_audit", "standard_version", "accreditation",
     "excluded_controls", "kind"}
)  # fmt: skip
"""Values matching a strict pattern (a date, a year, a listed body, control ids): kept from OCR."""


@dataclass(frozen=True)
class Intake:
    file: str
    sha256: str
    pages: int
    ocr_pages: tuple[int, ...]
    entry: dict[str, Any]
    found: dict[str, Any]
    confirm: list[str]


def read_report(path: Path, display: str | None = None) -> Intake:
    """Read one assurance report or certificate; `Refused` when it is unsafe or not a report."""
    checked = check_pdf(path)
    try:
        doc = read_document(checked)
    except OcrUnavailable:
        raise
    except Exception as exc:  # pdfminer/pdfium failing on a file pypdf accepted
        raise Refused("intake_no_text", error=type(exc).__name__) from None
    kind = classify(doc)
    if kind is None:
        raise Refused("intake_not_a_report")
    reading = Reading()
    if kind.family == "iso27001":
        reading.set("kind", "iso27001", kind.hit)
        certificate.read_certificate(doc, reading)
    else:
        _read_attestation(doc, reading, kind)
    reading.ask("covers_offered_service")
    if doc.ocr_pages:
        ocr = set(doc.ocr_pages)
        for name, hit in list(reading.found.items()):
            if name in reading.values and name not in STRICT_FIELDS and ocr & set(hit.pages):
                reading.ask(name)
    entry = {name: reading.values[name] for name in FIELD_ORDER if name in reading.values}
    found = {name: hit.as_found() for name, hit in reading.found.items()}
    found.update({name: hit.as_found() for name, hit in reading.notes.items()})
    confirm = [name for name in reading.confirm]
    return Intake(
        file=display or path.name,
        sha256=hashlib.sha256(checked.data).hexdigest(),
        pages=checked.pages,
        ocr_pages=doc.ocr_pages,
        entry=entry,
        found=found,
        confirm=confirm,
    )


def _read_attestation(doc, reading: Reading, kind) -> None:  # type: ignore[no-untyped-def]
    family = kind.family
    attestation.read_period(doc, reading, type_known=kind.type if family != "soc3" else 2)
    number = kind.type
    if family == "soc3":
        reading.set("kind", "soc3", kind.hit)
    else:
        inferred = 2 if reading.has("period") else 1 if reading.has("as_of") else None
        if number is None and inferred is not None:
            hit = reading.found.get("period") or reading.found["as_of"]
            reading.set("kind", f"{family}_type{inferred}", hit, sure=False)
        elif number is None:
            reading.ask("kind")
        else:
            reading.set("kind", f"{family}_type{number}", kind.type_hit or kind.hit)
        number = number or inferred
    attestation.read_issuer_and_date(doc, reading)
    read_opinion(doc, reading)
    if family in ("soc2", "soc3"):
        attestation.read_categories(doc, reading)
    if family == "isae3000":
        attestation.read_criteria(doc, reading)
    attestation.read_scope(doc, reading)
    if family == "soc3":
        return
    attestation.read_subservice(doc, reading)
    attestation.read_cuecs(doc, reading)
    attestation.read_assertion(doc, reading)
    if number == 2:
        read_exceptions(doc, reading)
