"""Reports of the bundled examples, written once per test session and shared by the modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.bundled import example, example_names
from tenderkit.reporting.run import build_report


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Both bundled examples reported once in their own language (Dutch), PDF only for the
    first, to keep the suite quick."""
    root = tmp_path_factory.mktemp("reports")
    out = {}
    for index, name in enumerate(example_names()):
        out[name] = build_report(example(name), root / name, pdf=index == 0).folder
    return out


@pytest.fixture(scope="session")
def reports_en(tmp_path_factory) -> dict[str, Path]:
    """Both bundled examples reported once in English, without PDF."""
    root = tmp_path_factory.mktemp("reports-en")
    return {
        name: build_report(example(name), root / name, language="en", pdf=False).folder
        for name in example_names()
    }
