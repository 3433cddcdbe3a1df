"""LibreOffice for the tests that print the workbook and the form to PDF or recalculate the
workbook's formulas. `make test` installs it; on a developer's machine without it these tests
are skipped, but under CI (the `CI` variable set) its absence fails them, so a missing install
step cannot hide behind a skip."""

from __future__ import annotations

import os
import shutil

import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (`make test` installs it; under CI its absence fails)",
)
