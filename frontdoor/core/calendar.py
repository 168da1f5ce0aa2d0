"""The working-day calendar: opening hours, bank holidays and closure days.

Pure Python, no database: `frontdoor.core.council` builds one from the council's
settings. Every moment taken or returned is timezone-aware; results are in UTC
so they can be stored as they are. Local dates and opening times are worked out
in the council's own zone, so a deadline at 17:00 stays at 17:00 across the
clock changes in March and October.

"Within N working days" means by the close of the Nth working day after the
effective receipt (the moment received, or the next opening if the council was
closed then).
"""

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

import holidays

ENGLAND_AND_WALES = "england-and-wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"

# England and Wales share one list of bank holidays; `holidays` files it under ENG.
NATIONS: dict[str, str] = {ENGLAND_AND_WALES: "ENG", SCOTLAND: "SCT", NORTHERN_IRELAND: "NIR"}

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

Window = tuple[dt.time, dt.time]
DEFAULT_OPENING_HOURS: dict[int, Window] = {day: (dt.time(9), dt.time(17)) for day in range(5)}

# A search for the next working day gives up after this many days: a calendar
# with no working days at all is a configuration error, not an endless loop.
_SEARCH_LIMIT_DAYS = 3660


@functools.cache
def bank_holidays(nation: str, year: int) -> frozenset[dt.date]:
    """The bank and public holidays of one nation in one year (cached; they never change)."""
    try:
        subdivision = NATIONS[nation]
    except KeyError:
        raise ValueError(f"Unknown nation {nation!r}; expected one of {sorted(NATIONS)}") from None
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


class WorkingCalendar:
    def __init__(
        self,
        *,
        nation: str = ENGLAND_AND_WALES,
        opening_hours: Mapping[int, Window] | None = None,
        closure_days: Iterable[dt.date] = (),
        tz: ZoneInfo = LONDON,
    ) -> None:
        if nation not in NATIONS:
            raise ValueError(f"Unknown nation {nation!r}; expected one of {sorted(NATIONS)}")
        hours = dict(DEFAULT_OPENING_HOURS if opening_hours is None else opening_hours)
        for weekday, (opens, closes) in hours.items():
            if not 0 <= weekday <= 6 or closes <= opens:
                raise ValueError(f"Bad opening hours for weekday {weekday}: {opens}–{closes}")
        if not hours:
            raise ValueError("A council must be open on at least one day of the week.")
        self.nation = nation
        self.opening_hours = hours
        self.closure_days = frozenset(closure_days)
        self.tz = tz

    # Days -----------------------------------------------------------------

    def is_bank_holiday(self, date: dt.date) -> bool:
        return date in bank_holidays(self.nation, date.year)

    def is_working_day(self, date: dt.date) -> bool:
        return (
            date.weekday() in self.opening_hours
            and date not in self.closure_days
            and not self.is_bank_holiday(date)
        )

    def next_working_day(self, date: dt.date) -> dt.date:
        """The first working day strictly after `date`."""
        day = date
        for _ in range(_SEARCH_LIMIT_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("The calendar has no working day within ten years.")

    def add_working_days(self, date: dt.date, count: int) -> dt.date:
        """The `count`th working day after `date` (`date` itself when count is 0)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = date
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count = 0
        day = start + dt.timedelta(days=1)
        while day <= end:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    # Moments --------------------------------------------------------------

    def local_date(self, moment: dt.datetime) -> dt.date:
        return _aware(moment).astimezone(self.tz).date()

    def opens_at(self, date: dt.date) -> dt.datetime:
        return self._at(date, self.opening_hours[date.weekday()][0])

    def closes_at(self, date: dt.date) -> dt.datetime:
        return self._at(date, self.opening_hours[date.weekday()][1])

    def is_open(self, moment: dt.datetime) -> bool:
        date = self.local_date(moment)
        return self.is_working_day(date) and self.opens_at(date) <= moment < self.closes_at(date)

    def effective_receipt(self, moment: dt.datetime) -> dt.datetime:
        """When the clock starts: now if open, else the next opening."""
        moment = _aware(moment)
        date = self.local_date(moment)
        if self.is_working_day(date):
            if moment < self.opens_at(date):
                return self.opens_at(date)
            if moment < self.closes_at(date):
                return moment.astimezone(UTC)
        return self.opens_at(self.next_working_day(date))

    def due_after_working_days(self, received: dt.datetime, days: int) -> dt.datetime:
        """The close of the `days`th working day after the effective receipt."""
        start = self.local_date(self.effective_receipt(received))
        return self.closes_at(self.add_working_days(start, days))

    def extend_due(self, due: dt.datetime, days: int) -> dt.datetime:
        """A deadline moved on by `days` working days, still at the close of a working day."""
        date = self.local_date(due)
        if not self.is_working_day(date):
            date = self.next_working_day(date)
            days = max(days - 1, 0)
        return self.closes_at(self.add_working_days(date, days))

    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Open time between two moments, in seconds (0 if end is not after start)."""
        start, end = _aware(start), _aware(end)
        if end <= start:
            return 0.0
        total = dt.timedelta()
        date = self.local_date(start)
        last = self.local_date(end)
        while date <= last:
            if self.is_working_day(date):
                overlap_start = max(start, self.opens_at(date))
                overlap_end = min(end, self.closes_at(date))
                if overlap_end > overlap_start:
                    total += overlap_end - overlap_start
            date += dt.timedelta(days=1)
        return total.total_seconds()

    def add_working_seconds(self, moment: dt.datetime, seconds: float) -> dt.datetime:
        """The moment `seconds` of open time after `moment`.

        Landing exactly on a closing time returns that close, not the next
        opening, so a deadline at 17:00 moved by whole working days stays at 17:00.
        """
        moment = _aware(moment).astimezone(UTC)
        if seconds <= 0:
            return moment
        remaining = dt.timedelta(seconds=seconds)
        date = self.local_date(moment)
        for _ in range(_SEARCH_LIMIT_DAYS * 10):
            if self.is_working_day(date):
                start = max(moment, self.opens_at(date))
                closes = self.closes_at(date)
                if start < closes:
                    if remaining <= closes - start:
                        return start + remaining
                    remaining -= closes - start
            date += dt.timedelta(days=1)
        raise ValueError("The calendar has no working time within a hundred years.")

    def due_after_working_hours(self, received: dt.datetime, hours: int) -> dt.datetime:
        """For urgent services: `hours` of open time after the effective receipt."""
        return self.add_working_seconds(self.effective_receipt(received), hours * 3600)

    def _at(self, date: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(date, time, tzinfo=self.tz).astimezone(UTC)


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Times must be timezone-aware.")
    return moment
