import datetime as dt

from tenderkit.deadlines import is_working_day, public_holidays, roll_to_working_day


def test_public_holidays_2026():
    days = public_holidays(2026)
    assert dt.date(2026, 4, 6) in days  # Easter Monday (Easter Sunday 5 April 2026)
    assert dt.date(2026, 5, 14) in days  # Ascension Day
    assert dt.date(2026, 5, 25) in days  # Whit Monday
    assert dt.date(2026, 4, 27) in days and dt.date(2026, 5, 5) in days
    assert dt.date(2026, 4, 3) not in days  # Good Friday is not an Atw holiday


def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday():
    assert dt.date(2025, 4, 26) in public_holidays(2025)
    assert dt.date(2025, 4, 27) not in public_holidays(2025)


def test_roll_to_working_day():
    assert roll_to_working_day(dt.date(2026, 11, 22)) == dt.date(2026, 11, 23)  # Sunday
    assert roll_to_working_day(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)
    assert roll_to_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 28)
    assert not is_working_day(dt.date(2027, 1, 1))
