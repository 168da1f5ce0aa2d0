"""The working-day calendar: exact deadlines, bank holidays, closures and clock changes."""

import datetime as dt

import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.core.calendar import (
    ENGLAND_AND_WALES,
    NORTHERN_IRELAND,
    SCOTLAND,
    WorkingCalendar,
    bank_holidays,
)

from .times import LONDON, london, utc

# Holidays announced after the GOV.UK feed bundled with govuk-bank-holidays was cut.
ANNOUNCED_SINCE_THE_FEED = {(SCOTLAND, dt.date(2026, 6, 15))}  # World Cup holiday
CHRISTMAS_CLOSURES = [dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31)]
calendar = WorkingCalendar()


@pytest.mark.parametrize(
    ("nation", "division"),
    [
        (ENGLAND_AND_WALES, BankHolidays.ENGLAND_AND_WALES),
        (SCOTLAND, BankHolidays.SCOTLAND),
        (NORTHERN_IRELAND, BankHolidays.NORTHERN_IRELAND),
    ],
)
def test_bank_holidays_agree_with_the_govuk_feed_on_every_working_weekday(
    nation: str, division: str
) -> None:
    feed = BankHolidays(use_cached_holidays=True).get_holidays(division=division)
    years = sorted({holiday["date"].year for holiday in feed})
    assert len(years) >= 5
    for year in years:
        from_feed = {h["date"] for h in feed if h["date"].year == year}
        ours = {
            d
            for d in bank_holidays(nation, year)
            if d.weekday() < 5 and (nation, d) not in ANNOUNCED_SINCE_THE_FEED
        }
        # The feed lists only days off; ours also lists a holiday's weekend date.
        assert ours == from_feed, year


def test_each_nation_has_its_own_holidays() -> None:
    second_of_january = dt.date(2026, 1, 2)  # a Friday
    st_andrews_day = dt.date(2026, 11, 30)  # a Monday
    st_patricks_day = dt.date(2026, 3, 17)  # a Tuesday
    england = WorkingCalendar(nation=ENGLAND_AND_WALES)
    scotland = WorkingCalendar(nation=SCOTLAND)
    northern_ireland = WorkingCalendar(nation=NORTHERN_IRELAND)
    assert england.is_working_day(second_of_january)
    assert not scotland.is_working_day(second_of_january)
    assert not scotland.is_working_day(st_andrews_day) and england.is_working_day(st_andrews_day)
    assert not northern_ireland.is_working_day(st_patricks_day)
    assert england.is_working_day(st_patricks_day)


def test_an_unknown_nation_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown nation"):
        WorkingCalendar(nation="wessex")


@pytest.mark.parametrize(
    ("received", "clock_starts"),
    [
        (london(2026, 11, 23, 10, 0), utc(2026, 11, 23, 10, 0)),  # Monday, open
        (london(2026, 11, 23, 7, 45), utc(2026, 11, 23, 9, 0)),  # before opening
        (london(2026, 11, 27, 17, 0), utc(2026, 11, 30, 9, 0)),  # Friday at closing
        (london(2026, 11, 28, 12, 0), utc(2026, 11, 30, 9, 0)),  # Saturday
        (london(2026, 12, 24, 18, 0), utc(2026, 12, 29, 9, 0)),  # Christmas and substitute day
    ],
)
def test_a_contact_outside_opening_hours_counts_from_the_next_opening(
    received: dt.datetime, clock_starts: dt.datetime
) -> None:
    assert calendar.effective_receipt(received) == clock_starts


def test_within_two_working_days_means_by_the_close_of_the_second() -> None:
    received = london(2026, 11, 23, 10, 0)  # Monday
    assert calendar.due_after_working_days(received, 2) == utc(2026, 11, 25, 17, 0)
    assert calendar.due_after_working_days(received, 0) == utc(2026, 11, 23, 17, 0)


def test_christmas_closure_days_and_bank_holidays_are_skipped() -> None:
    received = london(2026, 12, 23, 14, 0)  # Wednesday
    closed = WorkingCalendar(closure_days=CHRISTMAS_CLOSURES)
    # Thu 24 Dec is the first; 25 and 28 are holidays, 29-31 closed, 1 Jan a holiday.
    assert closed.due_after_working_days(received, 2) == utc(2027, 1, 4, 17, 0)
    assert calendar.due_after_working_days(received, 2) == utc(2026, 12, 29, 17, 0)


def test_easter_and_bank_holiday_mondays_are_skipped() -> None:
    maundy_thursday = london(2026, 4, 2, 16, 0)
    # Good Friday and Easter Monday are holidays: due Tuesday at 17:00 BST.
    assert calendar.due_after_working_days(maundy_thursday, 1) == utc(2026, 4, 7, 16, 0)
    before_spring_bank_holiday = london(2026, 5, 22, 12, 0)  # Friday
    assert calendar.due_after_working_days(before_spring_bank_holiday, 1) == utc(2026, 5, 26, 16, 0)
    assert calendar.effective_receipt(london(2026, 5, 25, 10, 0)) == utc(2026, 5, 26, 8, 0)


def test_deadlines_stay_at_five_pm_local_across_both_clock_changes() -> None:
    # Clocks go back on Sunday 25 October 2026: received in BST, due in GMT.
    assert calendar.due_after_working_days(london(2026, 10, 23, 10, 0), 5) == utc(
        2026, 10, 30, 17, 0
    )
    # Clocks go forward on Sunday 29 March 2026: due at 17:00 BST, 16:00 UTC.
    assert calendar.due_after_working_days(london(2026, 3, 27, 16, 30), 1) == utc(
        2026, 3, 30, 16, 0
    )


def test_urgent_deadlines_count_open_hours() -> None:
    friday_afternoon = london(2026, 11, 27, 15, 0)
    assert calendar.due_after_working_hours(friday_afternoon, 4) == utc(2026, 11, 30, 11, 0)
    assert calendar.due_after_working_hours(friday_afternoon, 2) == utc(2026, 11, 27, 17, 0)


def test_open_time_between_two_moments_skips_nights_and_weekends() -> None:
    start = london(2026, 11, 27, 16, 0)  # Friday
    end = london(2026, 11, 30, 10, 30)  # Monday
    assert calendar.working_seconds_between(start, end) == 2.5 * 3600
    assert calendar.working_seconds_between(end, start) == 0


def test_extending_a_deadline_keeps_it_at_the_close_of_a_working_day() -> None:
    due = utc(2026, 12, 4, 17, 0)  # Friday
    assert calendar.extend_due(due, 10) == utc(2026, 12, 18, 17, 0)
    closed = WorkingCalendar(closure_days=CHRISTMAS_CLOSURES)
    assert closed.extend_due(utc(2026, 12, 22, 17, 0), 2) == utc(2026, 12, 24, 17, 0)
    assert closed.extend_due(utc(2026, 12, 24, 17, 0), 1) == utc(2027, 1, 4, 17, 0)


def test_a_council_open_on_saturday_mornings_counts_them() -> None:
    hours = {day: (dt.time(9), dt.time(17)) for day in range(5)} | {5: (dt.time(9), dt.time(12))}
    saturday_opening = WorkingCalendar(opening_hours=hours)
    saturday = london(2026, 11, 28, 10, 0)
    assert saturday_opening.effective_receipt(saturday) == utc(2026, 11, 28, 10, 0)
    assert saturday_opening.due_after_working_days(saturday, 1) == utc(2026, 11, 30, 17, 0)
    assert saturday_opening.due_after_working_days(london(2026, 11, 27, 10, 0), 1) == utc(
        2026, 11, 28, 12, 0
    )


def test_naive_times_and_impossible_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.effective_receipt(dt.datetime(2026, 11, 23, 10, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="Bad opening hours"):
        WorkingCalendar(opening_hours={0: (dt.time(17), dt.time(9))})


moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=dt.datetime(2029, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)
closures = st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)), max_size=20)


@given(received=moments, days=st.integers(0, 45), closure_days=closures)
def test_every_deadline_is_the_close_of_the_nth_working_day(
    received: dt.datetime, days: int, closure_days: list[dt.date]
) -> None:
    cal = WorkingCalendar(closure_days=closure_days)
    due = cal.due_after_working_days(received, days)
    start = cal.effective_receipt(received)
    due_day = cal.local_date(due)
    assert due > received and start >= received
    assert cal.is_working_day(due_day) and due == cal.closes_at(due_day)
    assert due.astimezone(LONDON).time() == dt.time(17, 0)
    assert cal.working_days_between(cal.local_date(start), due_day) == days


@given(start=moments, seconds=st.integers(0, 60 * 8 * 3600))
def test_adding_open_time_and_measuring_it_agree(start: dt.datetime, seconds: int) -> None:
    opened = calendar.effective_receipt(start)
    end = calendar.add_working_seconds(opened, seconds)
    assert calendar.working_seconds_between(opened, end) == seconds
    assert calendar.is_open(end) or end == calendar.closes_at(calendar.local_date(end))


@given(received=moments, days=st.integers(0, 30), closure_days=closures)
def test_one_more_working_day_never_moves_a_deadline_earlier(
    received: dt.datetime, days: int, closure_days: list[dt.date]
) -> None:
    cal = WorkingCalendar(closure_days=closure_days)
    due = cal.due_after_working_days(received, days)
    assert cal.due_after_working_days(received, days + 1) > due
    assert cal.extend_due(due, 1) == cal.due_after_working_days(received, days + 1)
