"""The report review's remembered dates (reports._date) read as formatting.date writes them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit import formatting
from tenderkit.assurance import reports

days = st.one_of(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 12, 31)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(days, st.sampled_from(["nl", "en"])), min_size=1, max_size=20))
def test_remembered_dates_equal_babels(asked) -> None:
    for day, language in asked + asked[::-1]:
        assert reports._date(day, language) == formatting.date(day, language)
