"""The lock: a hash that shows the award rules did not change after the tender was published.

Aw 2012 art. 2.115: award criteria and weights are published in advance and cannot change after
opening. `tenderkit lock` writes `sha256:<hex>` into tender.yaml; anyone can recompute it later.

The hash covers the content, not the layout: the requirement set, the scoring model and the
award-relevant keys of tender.yaml, each as parsed data, written as canonical JSON (keys sorted,
no spaces, every number as the text it was written with, texts in Unicode NFC). So indentation,
comments, quoting, key order and line endings (CRLF from a Windows checkout) leave it unchanged;
any changed value, weight, date or id changes it. Numbers count as written, so the control
`8.10` can never hash like `8.1`.

Locks written before this scheme hashed the exact bytes of the two files (`compute_byte_lock`);
such a lock still verifies as it was made, and `tenderkit lock --force` replaces it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

NOT_LOCKED = frozenset(
    {
        "lock",
        "locked",
        "lock_history",
        "title",
        "description",
        "language",
        "evaluators",
        "measures",
        "requirement_set",
        "scoring",
        "dates.award",
        "id",
        "evaluation",
        "conflict_of_interest",
        "budget",
        "prepared_by",
    }
)
"""Keys of tender.yaml outside the lock: the lock itself, texts and the output language, the
tender's id (a name for the folder, not a condition: a copy of a tender keeps its criteria), the
panel (whose members may change), the buyer's own risk measures, the evaluation record written
after publication (the award date, the panel's meetings, freeze and price opening, the
declarations of interest, the budget and who prepared the report) and the two paths (their
files' content is locked instead). Every other key is award-relevant (buyer, currency,
dates.published, dates.closing, contract_months, procedure, standstill_days, and any key a later
format adds), so it is locked by default."""


def canonical(value: Any) -> Any:
    """Parsed YAML as plain JSON values, independent of how the file was laid out."""
    if isinstance(value, Mapping):
        return {str(canonical(k)): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(getattr(value, "source", None) or repr(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def locked_part(tender: Mapping[str, Any]) -> dict[str, Any]:
    """The award-relevant keys of tender.yaml's data (everything but NOT_LOCKED)."""
    part: dict[str, Any] = {}
    for key, value in tender.items():
        if key in NOT_LOCKED:
            continue
        if isinstance(value, Mapping):
            value = {k: v for k, v in value.items() if f"{key}.{k}" not in NOT_LOCKED}
        part[str(key)] = value
    return part


def compute_lock(tender: Mapping[str, Any], requirement_set: Any, scoring_model: Any) -> str:
    """`sha256:<hex>` over the award-relevant content of a tender, as parsed from its files."""
    document = {
        "tender": locked_part(tender),
        "requirement_set": requirement_set,
        "scoring": scoring_model,
    }
    text = json.dumps(
        canonical(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return f"sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def compute_byte_lock(requirement_set: bytes, scoring_model: bytes) -> str:
    """The earlier lock: the exact bytes of both files, each framed by its role and length."""
    digest = hashlib.sha256()
    for role, content in (("requirement_set", requirement_set), ("scoring", scoring_model)):
        digest.update(f"{role}:{len(content)}:".encode())
        digest.update(content)
    return f"sha256:{digest.hexdigest()}"


def file_hash(content: bytes) -> str:
    """`sha256:<hex>` of one file's bytes, as result.json and the manifest list inputs."""
    return f"sha256:{hashlib.sha256(content).hexdigest()}"


def current_lock(
    published: str | None,
    tender: Mapping[str, Any],
    requirement_set: Any,
    scoring_model: Any,
    file_bytes: tuple[bytes, bytes],
) -> tuple[str, str]:
    """The tender's lock now and its scheme (`content`, or `bytes` for an earlier lock).

    A lock from before the content scheme verifies against the files' bytes as it was made; every
    other tender (locked now, or not at all) gets the content lock.
    """
    if published is not None and published == compute_byte_lock(*file_bytes):
        return published, "bytes"
    return compute_lock(tender, requirement_set, scoring_model), "content"


def stamp(value: dt.datetime | dt.date | None) -> str | None:
    """A lock's date as written in tender.yaml and result.json: `2026-09-01T10:00:00Z` (UTC)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="seconds") + "Z"
    return value.isoformat()
