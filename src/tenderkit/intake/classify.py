"""Which kind of report a document is, from the words its title pages use.

Order matters: a Dutch SOC 2 report is often issued "under ISAE 3000" and names SOC 2 in its
title, so SOC 2/3 is recognised before ISAE 3000; a certificate names ISO/IEC 27001 and says it
certifies, and has no auditor's opinion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenderkit.intake.document import Document, Hit

_SOC3 = re.compile(r"(?i)\bSOC\s*3\b|\bSOC\s*III\b")
_SOC2 = re.compile(r"(?i)\bSOC\s*2\b|\bSOC\s*II\b")
_TSC = re.compile(r"(?i)trust\s*services\s*criteria|trustservicescriteria")
_ISAE3402 = re.compile(r"(?i)\b(ISAE|Standaard|SOC\s*1)\s*3402\b|\bISAE\s*3402\b|\bSOC\s*1\b")
_ISAE3000 = re.compile(r"(?i)\b(ISAE|Standaard)\s*3000[A-D]?\b|\bTPM\b|third[- ]party\s+mem")
_ISO_CERT = re.compile(r"(?i)\bISO\s*/?\s*(IEC)?\s*27001\b")
_CERTIFIES = re.compile(
    r"(?i)\b(certificate|certificaat|certifies|certificeert|is\s+certified|gecertificeerd)\b"
)
_OPINION = re.compile(r"(?i)\b(opinion|oordeel|assurance[- ]?rapport|assurance\s+report)\b")
_TYPE = re.compile(r"(?i)\btype[- ]?(?P<n>1|2|I{1,2})\b(?![.\d])")


@dataclass(frozen=True)
class Kind:
    family: str  # soc2, soc3, isae3402, isae3000, iso27001
    type: int | None  # 1 or 2 for attestation reports with a type; None: not stated
    hit: Hit
    type_hit: Hit | None = None


def classify(doc: Document) -> Kind | None:
    """The report family and type stated on the title pages; None: not an assurance report."""
    head_lines = [i for i, line in enumerate(doc.lines) if line.page <= 3]
    if not head_lines:
        return None
    end = doc.span_of_lines(0, head_lines[-1] + 1)[1]
    head = doc.text[:end]
    family_match = None
    for family, pattern in (
        ("soc3", _SOC3),
        ("soc2", _SOC2),
        ("isae3402", _ISAE3402),
        ("isae3000", _ISAE3000),
    ):
        match = pattern.search(head)
        if match:
            family_match = (family, match)
            break
    if family_match is None and _TSC.search(head):
        family_match = ("soc2", _TSC.search(head))
    cert = _ISO_CERT.search(head)
    if cert and _CERTIFIES.search(head) and (family_match is None or not _OPINION.search(head)):
        return Kind("iso27001", None, doc.hit(cert.start(), cert.end()))
    if family_match is None:
        return None
    family, match = family_match
    hit = doc.hit(match.start(), match.end())
    if family == "soc3":
        return Kind(family, None, hit)
    types = {_type_number(m["n"]): m for m in _TYPE.finditer(head)}
    if len(types) == 1:
        number, type_match = next(iter(types.items()))
        return Kind(family, number, hit, doc.hit(type_match.start(), type_match.end()))
    return Kind(family, None, hit)


def _type_number(text: str) -> int:
    return 2 if text.upper() in ("2", "II") else 1
