"""Country codes are ISO 3166-1 countries only; EEA membership comes from one list."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tenderkit.checks import evaluate_check
from tenderkit.countries import EEA, country_codes, expand_groups, in_eea
from tenderkit.formats.bid import Facts, Subprocessor
from tenderkit.formats.requirement_set import Check


@pytest.mark.parametrize("code", ["EU", "ZZ", "EZ", "UN", "QO", "XX"])
def test_groupings_and_placeholders_are_no_country(code: str) -> None:
    assert code not in country_codes()
    with pytest.raises(ValidationError):
        Facts.model_validate({"data_locations": ["NL", code]})


def test_real_countries_pass_and_no_stays_norway() -> None:
    facts = Facts.model_validate({"data_locations": ["nl", "NO", "US"]})
    assert facts.data_locations == ["NL", "NO", "US"]
    assert Subprocessor.model_validate({"name": "x", "country": "IS"}).country == "IS"


def test_the_eea_is_thirty_countries_all_of_them_real() -> None:
    assert len(EEA) == 30 and country_codes() >= EEA
    assert in_eea("no") and in_eea("LI") and not in_eea("CH") and not in_eea("GB")


def test_a_check_may_name_the_eea_as_one_list() -> None:
    check = Check.model_validate({"fact": "data_locations", "op": "subset", "value": ["EEA"]})
    inside = Facts.model_validate({"data_locations": ["NL", "NO"]})
    outside = Facts.model_validate({"data_locations": ["NL", "US"]})
    assert evaluate_check(check, inside).passed
    assert not evaluate_check(check, outside).passed
    assert set(expand_groups(["EEA", "CH"])) == EEA | {"CH"}
