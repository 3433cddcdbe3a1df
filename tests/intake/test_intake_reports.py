"""intake reads every field of synthetic reports and certificates, and cites the right pages.

Three layouts per kind (one column with ruled tables; two-column description with unruled
tables; numbered headings with control blocks and bullets), English and Dutch, running headers
and footers. Each value must equal what was printed, and each citation must name a page on which
it was printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_cases import attestation_cases, certificate_cases, expected
from pdfgen import Spec, build_certificate, build_report

from tenderkit.intake import read_report
from tenderkit.intake.output import as_document


def _read(spec: Spec, tmp_path: Path):
    built = (build_certificate if spec.kind == "iso27001" else build_report)(spec)
    path = built.write(tmp_path / "report.pdf")
    return built, read_report(path)


def _case_id(spec: Spec) -> str:
    return f"{spec.kind}-{spec.layout}-{spec.language}"


def _check(spec: Spec, tmp_path: Path) -> None:
    built, result = _read(spec, tmp_path)
    want = expected(spec)
    assert result.entry == want
    for name in want:
        if name in ("kind", "exceptions"):
            continue
        cited = set(result.found[name]["pages"])
        assert cited, name
        assert cited <= built.pages[name], (name, cited, built.pages[name])
        assert result.found[name]["quote"]
    for index, exc in enumerate(want.get("exceptions", [])):
        cited = set(result.found[f"exceptions[{index}]"]["pages"])
        assert cited and cited <= built.pages[f"exception:{exc['control']}"]
    # every field it did not read is for the reviewer; the scope question always is
    assert "covers_offered_service" in result.confirm
    assert not set(result.confirm) & set(want)


@pytest.mark.parametrize("spec", attestation_cases(), ids=_case_id)
def test_attestation_report_fields_and_pages(spec: Spec, tmp_path: Path) -> None:
    _check(spec, tmp_path)


@pytest.mark.parametrize("spec", certificate_cases(), ids=_case_id)
def test_certificate_fields_and_pages(spec: Spec, tmp_path: Path) -> None:
    _check(spec, tmp_path)
    _, result = _read(spec, tmp_path)
    if spec.accreditation is None:
        assert "accreditation" in result.confirm  # absence is not proof it is unaccredited
    if spec.excluded is None:
        assert "excluded_controls" in result.confirm


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("opinion", ["qualified", "adverse", "disclaimer"])
def test_modified_opinions(opinion: str, language: str, tmp_path: Path) -> None:
    spec = Spec(kind="soc2_type2", language=language, opinion=opinion)
    _, result = _read(spec, tmp_path)
    assert result.entry["opinion"] == opinion
    assert "opinion" not in result.confirm


@pytest.mark.parametrize("language", ["en", "nl"])
def test_ambiguous_opinion_is_left_for_the_reviewer(language: str, tmp_path: Path) -> None:
    spec = Spec(kind="isae3402_type2", language=language, opinion="ambiguous")
    _, result = _read(spec, tmp_path)
    assert "opinion" not in result.entry
    assert "opinion" not in result.found
    assert "opinion" in result.confirm
    assert result.entry["period"]  # the rest is still read


def test_missing_facts_are_not_invented(tmp_path: Path) -> None:
    spec = Spec(kind="soc2_type2", assertion=False, subservice=[], cuecs=[])
    _, result = _read(spec, tmp_path)
    for name in ("management_assertion", "subservice", "cuecs"):
        assert name not in result.entry
    assert {"management_assertion", "cuecs"} <= set(result.confirm)


def test_output_document_shape(tmp_path: Path) -> None:
    spec = Spec(kind="soc2_type2", exceptions={"CC6.2": "Two leavers kept access for a week."})
    _, result = _read(spec, tmp_path)
    document = as_document(result, "soc2-kadeveld")
    (entry,) = document["assurance"]
    assert entry["id"] == "soc2-kadeveld"
    source = document["intake"]["source"]
    assert source["file"] == "report.pdf" and len(source["sha256"]) == 64 and source["pages"] >= 5
    assert "ocr" not in source
    assert (
        document["intake"]["found"]["exceptions[0]"]["quote"]
        == "Two leavers kept access for a week."
    )
