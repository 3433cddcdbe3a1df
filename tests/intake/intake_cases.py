"""The synthetic reports intake's tests read, and the entry each one must give.

Every case varies the facts (dates and their style, categories, criteria, exceptions, subservice
method) so no reader can pass by matching one fixed report; `expected` derives the entry from the
same `Spec` the PDF was printed from.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pdfgen import LAYOUTS, Spec

ATTESTATION_KINDS = (
    "soc2_type1", "soc2_type2", "soc3", "isae3402_type1", "isae3402_type2", "isae3000_type1",
    "isae3000_type2",
)  # fmt: skip
LANGUAGES = ("en", "nl")
ISSUERS = ("Noordhaven Audit B.V.", "Duinrand Assurance N.V.", "Lindegracht Accountants LLP")
SERVICES = (
    ["Kadeveld Records", "Kadeveld Archive"],
    ["Polderstroom Portal"],
    ["Veldwerk API", "Veldwerk Web", "Veldwerk Mobile"],
)
EXCEPTIONS = {
    "en": ["For 2 of 25 sampled leavers the account was removed after nine days.",
           "One of 40 sampled changes had no recorded approval before release."],
    "nl": ["Bij 2 van de 25 onderzochte uitdiensttreders werd het account pas laat ingetrokken.",
           "Voor 1 van de 40 onderzochte wijzigingen ontbrak de vastgelegde goedkeuring."],
}  # fmt: skip


def attestation_spec(kind: str, layout: str, language: str, n: int) -> Spec:
    start = dt.date(2025, 1 + n % 6, 1)
    end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
    controls = (
        ["CC6.1", "CC6.2", "CC7.2", "CC8.1", "A1.2"]
        if kind.startswith("soc")
        else ["BM-01", "BM-04", "BM-07", "BM-12"]
    )
    exceptions = {}
    if kind.endswith("type2") and n % 3 != 2:  # some type 2 reports without exceptions
        picked = controls[1:3] if n % 3 == 0 else controls[3:4]
        exceptions = dict(zip(picked, EXCEPTIONS[language], strict=False))
    return Spec(
        kind=kind,
        language=language,
        layout=layout,
        issuer=ISSUERS[n % 3],
        city=("Utrecht", "Rotterdam", "Zwolle")[n % 3],
        issued=end + dt.timedelta(days=30 + n),
        period=None if kind.endswith("type1") else (start, end),
        as_of=end if kind.endswith("type1") else None,
        categories=[
            ["security"],
            ["security", "availability"],
            ["security", "availability", "confidentiality"],
        ][n % 3],
        criteria=[["bio"], ["iso27002"], ["bio", "iso27002"]][n % 3]
        if kind.startswith("isae3000")
        else [],
        services=SERVICES[n % 3],
        locations=[["Amsterdam", "Eindhoven"], ["Groningen"], ["Den Haag", "Almere"]][n % 3],
        subservice=[("Lowland Hosting B.V.", "hosting", "carve_out" if n % 2 else "inclusive")],
        controls=controls,
        exceptions=exceptions,
        date_style=(0, 1, 2, 3)[n % 4] if language == "en" else (0, 2, 3)[n % 3],
    )


def certificate_spec(layout: str, language: str, n: int) -> Spec:
    return Spec(
        kind="iso27001",
        language=language,
        layout=layout,
        issuer=(
            "Noordster Certificering B.V.",
            "Keurmerk Certification B.V.",
            "Baken Registrar Ltd.",
        )[n % 3],
        issued=dt.date(2025, 3 + n % 5, 10 + n),
        valid_until=dt.date(2028, 3 + n % 5, 9 + n),
        original=dt.date(2016 + n % 4, 6, 1),
        services=SERVICES[n % 3],
        locations=[["Amsterdam"], ["Utrecht", "Arnhem"], ["Breda"]][n % 3],
        standard=(
            "ISO/IEC 27001:2022",
            "NEN-EN-ISO/IEC 27001:2017",
            "ISO/IEC 27001:2013",
            "NEN-EN-ISO/IEC 27001:2023",
        )[n % 4],
        accreditation=[("Raad voor Accreditatie", "C 512"), ("UKAS", "0123"), None][n % 3],
        excluded=[["5.7", "8.31"], [], None][n % 3],
        date_style=(0, 1, 2, 3)[n % 4] if language == "en" else (0, 2, 3)[n % 3],
    )


def attestation_cases() -> list[Spec]:
    combos = itertools.product(ATTESTATION_KINDS, LAYOUTS, LANGUAGES)
    return [attestation_spec(k, lay, lang, n) for n, (k, lay, lang) in enumerate(combos)]


def certificate_cases() -> list[Spec]:
    combos = itertools.product(LAYOUTS, LANGUAGES)
    return [certificate_spec(lay, lang, n) for n, (lay, lang) in enumerate(combos)]


def expected(spec: Spec) -> dict[str, Any]:
    """The assurance entry intake must read from the PDF printed from `spec`."""
    if spec.kind == "iso27001":
        year = spec.standard.rsplit(":", 1)[1]
        entry: dict[str, Any] = {
            "kind": "iso27001",
            "issuer": spec.issuer,
            "issued": spec.issued,
            "scope": {"services": spec.services, "locations": spec.locations},
            "standard_version": {"2017": "2013", "2023": "2022"}.get(year, year),
            "valid_until": spec.valid_until,
        }
        if spec.accreditation:
            entry["accreditation"] = {"Raad voor Accreditatie": "RvA"}.get(
                *[spec.accreditation[0]] * 2
            )
        if spec.excluded is not None:
            entry["excluded_controls"] = spec.excluded
        return entry
    entry = {"kind": spec.kind, "issuer": spec.issuer, "issued": spec.issued}
    if spec.period:
        entry["period"] = {"start": spec.period[0], "end": spec.period[1]}
    if spec.as_of:
        entry["as_of"] = spec.as_of
    entry["opinion"] = spec.opinion
    if spec.kind.startswith("soc"):
        entry["categories"] = sorted(spec.categories)
    if spec.kind.startswith("isae3000"):
        entry["criteria"] = sorted(spec.criteria)
    entry["scope"] = {"services": spec.services, "locations": spec.locations}
    if spec.kind.endswith("type2"):
        entry["exceptions"] = [
            {"control": c, "text": spec.exceptions[c]}
            for c in spec.controls
            if c in spec.exceptions
        ]
    if spec.kind != "soc3":
        entry["subservice"] = [
            {"name": n, "method": m, "service": s} for n, s, m in spec.subservice
        ]
        entry["cuecs"] = spec.cuecs
        entry["management_assertion"] = True
    return entry
