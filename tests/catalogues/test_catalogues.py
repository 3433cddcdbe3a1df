"""The bundled risk and measure catalogues, and reading a tender's own measures file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tenderkit import catalogues
from tenderkit.catalogues.models import Measure, Reduction, Risk
from tenderkit.countries import expand_groups
from tenderkit.formats.requirement_set import Check


def test_catalogue_sizes() -> None:
    assert 18 <= len(catalogues.risks()) <= 30
    assert 22 <= len(catalogues.measures()) <= 40


def test_ids_match_their_keys_and_prefixes() -> None:
    for risk_id, risk in catalogues.risks().items():
        assert risk.id == risk_id and risk_id.startswith("R-")
    for measure_id, measure in catalogues.measures().items():
        assert measure.id == measure_id and measure_id.startswith("M-")


def test_ids_are_unique_in_the_files() -> None:
    # the loaders raise on a duplicate; this checks the files directly as well
    from tenderkit.catalogues import _bundled

    risk_ids = [r["id"] for r in _bundled("risks.yaml")["risks"]]
    measure_ids = [m["id"] for m in _bundled("measures.yaml")["measures"]]
    assert len(risk_ids) == len(set(risk_ids))
    assert len(measure_ids) == len(set(measure_ids))


def test_every_measure_reduces_known_risks() -> None:
    risks = catalogues.risks()
    for measure in catalogues.measures().values():
        for reduction in measure.reduces:
            assert reduction.risk in risks, (measure.id, reduction.risk)


def test_every_risk_has_a_measure() -> None:
    reduced = {r.risk for m in catalogues.measures().values() for r in m.reduces}
    assert set(catalogues.risks()) <= reduced


def test_texts_in_both_languages() -> None:
    for item in [*catalogues.risks().values(), *catalogues.measures().values()]:
        for text in (item.title, item.description):
            assert text.nl.strip() and text.en.strip()
            assert text.nl != text.en, item.id


def test_owners_and_facts() -> None:
    owners = {m.owner for m in catalogues.measures().values()}
    assert owners == {"buyer", "supplier", "contract"}
    unnecessary = {
        m.id: [c.fact for c in m.unnecessary_when]
        for m in catalogues.measures().values()
        if m.unnecessary_when
    }
    assert unnecessary["M-OWN-ENCRYPT"] == ["customer_managed_keys"]
    assert unnecessary["M-EXIT-PLAN"] == ["exit_support"]
    eea = catalogues.measures()["M-SCC-TIA"].unnecessary_when[0]
    assert eea.op == "subset" and eea.value == ["EEA"]  # the one EEA list
    assert len(expand_groups(eea.value)) == 30 and "NO" in expand_groups(eea.value)
    # situation-bound measures: each answers what the register says it answers
    bound = {m.id: m.applies_when for m in catalogues.measures().values() if m.applies_when}
    assert bound["M-BRIDGE-LETTER"] == ["tested_report_bridgeable"]
    assert bound["M-SCC-TIA"] == ["data_outside_eea"]
    assert "no_tested_report" in bound["M-EXTRA-REPORT"]


def test_some_risk_cannot_be_brought_low() -> None:
    """Foreign-law access stays high whatever the buyer does: the engine must be able to escalate.

    Contract clauses do not bind foreign authorities, so only the buyer's own encryption touches
    the risk, by one likelihood step and nothing off the impact. A bid that keeps data outside the
    EEA drives the likelihood to the top of the scale; one step down, with the impact of highly
    classified data, still leaves a score far above any usual risk appetite.
    """
    risk = catalogues.risks()["R-FOREIGN-LAW"]
    steps = [
        m.reduction(risk.id)
        for m in catalogues.measures().values()
        if m.reduction(risk.id) is not None
    ]
    assert steps
    assert sum(s.likelihood for s in steps) >= -1
    assert sum(s.impact for s in steps) == 0
    assert all(
        catalogues.measures()[m].owner == "buyer"
        for m in catalogues.measures()
        if catalogues.measures()[m].reduction(risk.id) is not None
    )


def test_contract_clauses_barely_touch_technical_likelihood() -> None:
    technical = {"R-AVAIL", "R-DATALOSS", "R-HACK", "R-INTERCEPT", "R-INTEGRITY"}
    for measure in catalogues.measures().values():
        if measure.owner == "contract":
            for reduction in measure.reduces:
                if reduction.risk in technical:
                    assert reduction.likelihood == 0, (measure.id, reduction.risk)


def test_loaders_hand_out_copies() -> None:
    first = catalogues.risks()
    first.pop("R-AVAIL")
    assert "R-AVAIL" in catalogues.risks()


def test_models_refuse_nonsense() -> None:
    with pytest.raises(ValidationError):
        Reduction(risk="R-AVAIL", likelihood=0, impact=0)
    with pytest.raises(ValidationError):
        Reduction(risk="R-AVAIL", likelihood=-3)
    with pytest.raises(ValidationError):
        Risk.model_validate(
            {
                "id": "AVAIL",
                "title": {"nl": "a", "en": "b"},
                "description": {"nl": "a", "en": "b"},
                "threatens": ["availability"],
                "base_likelihood": 3,
            }
        )
    measure = {
        "id": "M-X",
        "title": {"nl": "a", "en": "b"},
        "description": {"nl": "a", "en": "b"},
        "owner": "buyer",
        "reduces": [{"risk": "R-AVAIL", "impact": -1}],
        "effort_days": 2,
        "unnecessary_when": [{"fact": "mfa", "op": "true"}],
    }
    assert Measure.model_validate(measure).unnecessary_when == [Check(fact="mfa", op="true")]
    with pytest.raises(ValidationError):
        Measure.model_validate({**measure, "owner": "nobody"})
    with pytest.raises(ValidationError):
        Measure.model_validate({**measure, "colour": "red"})


GOOD_EXTRA = """\
tenderkit: 1
measures:
  - id: M-PAPER-FILE
    title: {nl: Papieren dossier bijhouden, en: Keep a paper file}
    description:
      nl: Houd de lopende zaken tijdelijk ook op papier bij.
      en: Keep the open cases on paper as well for a while.
    owner: buyer
    reduces:
      - {risk: R-AVAIL, impact: -1}
    effort_days: 12
"""


def test_load_measures_file(tmp_path: Path) -> None:
    path = tmp_path / "measures.yaml"
    path.write_text(GOOD_EXTRA, "utf-8")
    measures, problems = catalogues.load_measures_file(path, "measures.yaml")
    assert problems == []
    assert [m.id for m in measures] == ["M-PAPER-FILE"]
    assert measures[0].reduces[0].impact == -1


def test_load_measures_file_reports_problems(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        GOOD_EXTRA.replace("R-AVAIL", "R-NOPE").replace("effort_days: 12", "effort_days: -1"),
        "utf-8",
    )
    measures, problems = catalogues.load_measures_file(path, "extra.yaml")
    assert measures == []
    assert problems and all(p.file == "extra.yaml" for p in problems)
    assert any("effort_days" in p.place for p in problems)

    path.write_text(GOOD_EXTRA.replace("R-AVAIL", "R-NOPE"), "utf-8")
    measures, problems = catalogues.load_measures_file(path, "extra.yaml")
    assert measures == []
    assert [p.place for p in problems] == ["measures[1] (M-PAPER-FILE).reduces[1].risk"]
    assert "R-NOPE" in problems[0].message

    path.write_text(GOOD_EXTRA.replace("M-PAPER-FILE", "M-DPA"), "utf-8")
    _, problems = catalogues.load_measures_file(path, "extra.yaml")
    assert "already a measure" in problems[0].message

    path.write_text(GOOD_EXTRA.replace("owner: buyer", "owner: buyer\n    colour: red"), "utf-8")
    _, problems = catalogues.load_measures_file(path, "extra.yaml")
    assert problems[0].place.endswith("colour")
    assert "not a known key" in problems[0].message


def test_load_measures_file_missing_or_broken(tmp_path: Path) -> None:
    measures, problems = catalogues.load_measures_file(tmp_path / "nope.yaml", "nope.yaml")
    assert measures == [] and "not found" in problems[0].message
    broken = tmp_path / "broken.yaml"
    broken.write_text("tenderkit: 1\nmeasures: [\n", "utf-8")
    measures, problems = catalogues.load_measures_file(broken, "broken.yaml")
    assert measures == [] and problems[0].file == "broken.yaml"
