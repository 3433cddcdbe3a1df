"""The shape of the bidder's form, shared by the writer, the reader and the filler.

List sheets (Answers, Assurance, Subprocessors) have column headers in row 1, a short hint per
column in row 2 and data from row 3. Key-value sheets (Facts, Price) have headers in row 1 and
one row per item from row 2, named by the code in column A. The reader finds columns by their
header text in either language, so a moved column still reads.
"""

from __future__ import annotations

from tenderkit.formats.bid import Facts
from tenderkit.formats.requirement_set import RequirementSet

HEADER_ROW = 1
HINT_ROW = 2
FIRST_LIST_ROW = 3
FIRST_ITEM_ROW = 2

ASSURANCE_ROWS = 20
ASSURANCE_PRINT_ROWS = 8
"""Entry rows of the assurance sheet that print (its print area): room for the reports a bid
usually offers, on one page height per group of columns, instead of 20 mostly empty rows over
three pages each; a filled form's print area covers every report in it (`form.fill`)."""
SUBPROCESSOR_ROWS = 30
OTHER_FACT_ROWS = 10

SHEETS = ("instructions", "answers", "facts", "assurance", "subprocessors", "price")
"""Sheet keys in workbook order; names per language in labels.py."""

ANSWER_COLUMNS = ("id", "title", "text", "kind", "status", "note", "evidence")
FACT_COLUMNS = ("label", "value", "help", "code", "type")
PRICE_COLUMNS = ("label", "value", "help", "code")
SUBPROCESSOR_COLUMNS = ("name", "country", "service")
ASSURANCE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("all", ("id", "kind", "issuer", "issued", "covers_offered_service", "services", "locations")),
    (
        "attestation",
        (
            "opinion",
            "period_start",
            "period_end",
            "as_of",
            "bridge_letter_until",
            "management_assertion",
            "categories",
            "criteria",
            "exceptions",
            "subservice",
            "cuecs",
        ),
    ),
    (
        "iso",
        ("standard_version", "valid_until", "last_audit", "accreditation", "excluded_controls"),
    ),
    ("optional", ("controls",)),
)
"""Assurance columns in the order of the sheet, grouped by the kind of report they apply to."""

ASSURANCE_COLUMNS = tuple(column for _, columns in ASSURANCE_GROUPS for column in columns)

# How each assurance column is read and written: a value type, and for choices the choice list.
ASSURANCE_TYPES: dict[str, str] = {
    "id": "id",
    "kind": "choice:report_kind",
    "issuer": "text",
    "issued": "date",
    "period_start": "date",
    "period_end": "date",
    "as_of": "date",
    "opinion": "choice:opinion",
    "categories": "choices:category",
    "criteria": "ids",
    "services": "lines",
    "locations": "lines",
    "covers_offered_service": "bool",
    "management_assertion": "bool",
    "bridge_letter_until": "date",
    "standard_version": "choice:standard_version",
    "accreditation": "text",
    "valid_until": "date",
    "last_audit": "date",
    "controls": "controls",
    "excluded_controls": "ids",
    "exceptions": "exceptions",
    "subservice": "subservice",
    "cuecs": "lines",
}

PRIORITIES = ("P1", "P2", "P3", "P4")
PER_PRIORITY = ("incident_response_hours", "incident_resolution_hours")

RESERVED_FACTS: tuple[tuple[str, str], ...] = (
    ("availability_percent", "percent"),
    ("availability_window", "choice:availability_window"),
    ("maintenance_counts_as_downtime", "bool"),
    ("support_hours", "choice:support_hours"),
    *((f"incident_response_hours.{p}", "hours") for p in PRIORITIES),
    *((f"incident_resolution_hours.{p}", "hours") for p in PRIORITIES),
    ("breach_notification_hours", "hours"),
    ("rpo_hours", "hours"),
    ("rto_hours", "hours"),
    ("data_locations", "countries"),
    ("transfer_mechanism", "choice:transfer_mechanism"),
    ("exit_support", "bool"),
    ("escrow", "bool"),
    ("encryption_at_rest", "bool"),
    ("customer_managed_keys", "bool"),
    ("mfa", "bool"),
)
"""Fact rows every form has: code (the bid format's key; `name.P1` for per-priority hours), type."""

RESERVED_FACT_TYPES = dict(RESERVED_FACTS)
EXTRA_FACT_TYPES = ("number", "bool", "list", "text")

PRICE_ROWS = (("bidder", "text"), ("price", "price"))


def reserved_fact(code: str) -> bool:
    """Is this a fact name the bid format reserves (`incident_response_hours.P1` included)?"""
    return code.split(".", 1)[0] in Facts.model_fields


def extra_facts(requirement_set: RequirementSet) -> list[tuple[str, str]]:
    """Facts the set's checks ask for beyond the reserved ones, with the type the check needs."""
    found: dict[str, str] = {}
    for requirement in requirement_set.requirements:
        check = requirement.check
        if check is None or reserved_fact(check.fact) or check.fact in found:
            continue
        found[check.fact] = _check_type(check.op, check.value)
    return list(found.items())


def _check_type(op: str, value: object) -> str:
    if op in (">=", "<="):
        return "number"
    if op == "true" or isinstance(value, bool):
        return "bool"
    if op == "subset" or (isinstance(value, list) and op == "=="):
        return "list"
    values = value if isinstance(value, list) else [value]
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return "text"
