"""Importing the report leaves the RFC 3987 grammar unbuilt, and IRI checks still work."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")

SCRIPT = """
import sys
import tenderkit.reporting.run
import jsonschema
print("rfc3987_syntax.syntax_helpers" in sys.modules)
checker = jsonschema.FormatChecker()
print(checker.conforms("https://example.org/ä", "iri"), checker.conforms("not an iri", "iri"))
print("rfc3987_syntax.syntax_helpers" in sys.modules)
"""


def test_the_iri_grammar_is_built_only_when_an_iri_is_checked():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n")[:3] == ["False", "True False", "True"]
