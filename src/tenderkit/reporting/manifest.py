"""`manifest.json`: what went in, what came out, and with which software.

An award decision may be challenged years later. The manifest lets anyone check that a report
belongs to exactly these inputs (sha256 of every input and output file) and was produced by this
tenderkit, Python and key packages.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

from tenderkit import __version__

KEY_PACKAGES = (
    "pydantic",
    "numpy",
    "pandas",
    "papermill",
    "nbconvert",
    "nbformat",
    "xlsxwriter",
    "openpyxl",
    "matplotlib",
    "babel",
    "weasyprint",
    "ipykernel",
)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


def package_versions() -> dict[str, str]:
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(
    tender_id: str, inputs: dict[str, str], lock: dict, folder: Path, language: str
) -> dict:
    """The manifest of a finished report folder (every file in it except the manifest)."""
    outputs = {
        path.relative_to(folder).as_posix(): sha256_file(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "manifest.json"
    }
    return {
        "tenderkit": 1,
        "status": "complete",
        "tool_version": __version__,
        "tender": tender_id,
        "language": language,
        "lock": lock,
        "inputs": dict(sorted(inputs.items())),
        "outputs": outputs,
        "python": platform.python_version(),
        "packages": package_versions(),
    }


def unfinished_manifest(tender_id: str, language: str, status: str, error: str = "") -> dict:
    """The manifest of a folder tenderkit is still writing (`incomplete`) or kept after a failed
    notebook (`failed`): it marks the folder as tenderkit's, so only such a folder is ever
    removed or replaced, and it is never taken for a finished report (it lists no outputs)."""
    manifest = {
        "tenderkit": 1,
        "status": status,
        "tool_version": __version__,
        "tender": tender_id,
        "language": language,
    }
    if error:
        manifest["error"] = error
    return manifest


def manifest_json(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
