"""tender.yaml's evaluation-record fields (issue 16): optional, additive, old files stay valid."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pydantic import ValidationError

from conftest import TENDER
from tenderkit.formats.tender_file import TenderFile


def tender(**changes) -> TenderFile:
    return TenderFile.model_validate({**copy.deepcopy(TENDER), **changes})


def test_an_old_tender_without_the_new_fields_stays_valid():
    config = tender()
    assert config.evaluators == [] and config.conflict_of_interest == []
    assert config.evaluation is None and config.budget is None and config.prepared_by is None
    assert config.regime == "public"  # a gemeente


def test_evaluators_as_plain_ids_or_with_name_and_role():
    config = tender(evaluators=["anna", {"id": "bram", "name": "Bram de Boer", "role": "CISO"}])
    assert config.evaluator_ids == ["anna", "bram"]
    assert config.evaluators[0].name == "" and config.evaluators[1].role == "CISO"
    with pytest.raises(ValidationError, match="more than once"):
        tender(evaluators=["anna", {"id": "anna", "name": "Anna"}])


def test_the_procedure_defaults_by_kind_of_buyer_and_can_be_set():
    assert tender(buyer={"name": "Winkel", "kind": "retail"}).regime == "private"
    assert tender(buyer={"name": "X", "kind": "other"}).regime == "private"
    assert tender(buyer={"name": "Winkel", "kind": "retail"}, procedure="public").regime == "public"
    assert tender(procedure="private").regime == "private"


def test_a_public_standstill_period_is_at_least_twenty_days():
    assert tender(standstill_days=25).standstill_days == 25
    with pytest.raises(ValidationError, match=r"at least 20 calendar days \(Aw 2012 art. 2.127\)"):
        tender(standstill_days=10)
    private = tender(buyer={"name": "Winkel", "kind": "retail"}, standstill_days=10)
    assert private.standstill_days == 10


def test_declarations_name_known_evaluators_and_explain_a_conflict():
    config = tender(
        evaluators=["anna"],
        conflict_of_interest=[
            {
                "evaluator": "anna",
                "date": "2026-10-16",
                "conflict": True,
                "bidders": ["beta"],
                "note": "oud-collega",
            }
        ],
    )
    assert config.conflict_of_interest[0].date == dt.date(2026, 10, 16)
    with pytest.raises(ValidationError, match="not one of the evaluators"):
        tender(
            evaluators=["anna"], conflict_of_interest=[{"evaluator": "bram", "date": "2026-10-16"}]
        )
    with pytest.raises(ValidationError, match="say in 'note'"):
        tender(conflict_of_interest=[{"evaluator": "anna", "date": "2026-10-16", "conflict": True}])


def test_a_moment_is_a_date_or_a_date_and_time_never_an_invented_midnight():
    config = tender(
        evaluation={
            "consensus_meetings": ["2026-10-26"],
            "quality_frozen": "2026-10-27",
            "price_opening": "2026-10-28T10:00",
        }
    )
    assert type(config.evaluation.quality_frozen) is dt.date
    assert config.evaluation.price_opening == dt.datetime(2026, 10, 28, 10, 0)
    with pytest.raises(ValidationError):
        tender(evaluation={"quality_frozen": "gisteren"})


def test_budget_is_positive_and_unknown_keys_are_refused():
    assert tender(budget=520000).budget == 520000
    with pytest.raises(ValidationError):
        tender(budget=0)
    with pytest.raises(ValidationError):
        tender(evaluation={"price_openning": "2026-10-28"})
