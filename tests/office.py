"""LibreOffice for the tests that print the workbook and the form to PDF or recalculate the
workbook's formulas. `make test` installs it; on a developer's machine without it these tests
are skipped, but under CI (the `CI` variable set) its absence fails them, so a missing install
step cannot hide behind a skip."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (`make test` installs it; under CI its absence fails)",
)


def printed_by_libreoffice(source: Path, folder: Path, to: str = "pdf") -> Path:
    """`source` converted by LibreOffice headless (`to`: pdf, or xlsx to recalculate) into
    `folder`, with a profile of its own there so parallel runs and a user's settings do not mix;
    returns the converted file."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{source.stem}.{to}"
