from datetime import date

from cocreate.releases import calendar

FRIDAYS = [date(2026, 11, 13), date(2026, 11, 20), date(2026, 11, 27)]


def test_a_build_belongs_to_the_week_its_release_day_starts():
    assert calendar.slot_of(FRIDAYS, date(2026, 11, 20)) == date(2026, 11, 20)
    assert calendar.slot_of(FRIDAYS, date(2026, 11, 21)) == date(2026, 11, 20)  # a day late
    assert calendar.slot_of(FRIDAYS, date(2026, 11, 26)) == date(2026, 11, 20)
    assert calendar.slot_of(FRIDAYS, date(2026, 11, 12)) is None
    assert calendar.slot_of(FRIDAYS, date(2026, 12, 4)) is None


def test_the_calendar_covers_its_first_slot_to_the_week_after_its_last():
    assert calendar.slots_range(FRIDAYS) == (date(2026, 11, 13), date(2026, 12, 3))
