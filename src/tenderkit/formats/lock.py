"""The lock: a hash that shows the criteria did not change after the tender was published.

Aw 2012 art. 2.115: award criteria and weights are published in advance and cannot change after
opening. `tenderkit lock` writes `sha256:<hex>` over the requirement set and the scoring model into
tender.yaml; anyone can recompute it later. The hash covers the exact bytes of both files, each
framed by its role and length, so moving bytes from one file to the other changes it too.
"""

from __future__ import annotations

import hashlib


def compute_lock(requirement_set: bytes, scoring_model: bytes) -> str:
    """`sha256:<hex>` over the published requirement set and scoring model."""
    digest = hashlib.sha256()
    for role, content in (("requirement_set", requirement_set), ("scoring", scoring_model)):
        digest.update(f"{role}:{len(content)}:".encode())
        digest.update(content)
    return f"sha256:{digest.hexdigest()}"


def file_hash(content: bytes) -> str:
    """`sha256:<hex>` of one file's bytes, as result.json and the manifest list inputs."""
    return f"sha256:{hashlib.sha256(content).hexdigest()}"
