"""The current council and its working-day calendar.

Deadlines are computed on every case write, and every page shows the council's
name and colours, so the council row and its calendar are kept in memory; they
are read again when the council, its hours or closure days change (a save of the
council, and the admin and the services that edit hours and closures, call
`forget_calendar`) and, as a safety net for other processes, after CALENDAR_TTL
seconds. Treat the council returned as read-only.
"""

import threading
import time

from django.conf import settings

from .calendar import WorkingCalendar
from .models import Council, OpeningHours, Weekday

CALENDAR_TTL = 60.0
_lock = threading.Lock()
_cached: tuple[float, WorkingCalendar] | None = None
_council: tuple[float, Council] | None = None


def current_council() -> Council:
    """The council row (from memory within CALENDAR_TTL), created on first use."""
    global _council
    with _lock:
        cached = _council
    if cached is not None and time.monotonic() - cached[0] < CALENDAR_TTL:
        return cached[1]
    council = _read_council()
    with _lock:
        _council = (time.monotonic(), council)
    return council


def _read_council() -> Council:
    """The council row, created from settings with default hours on first use."""
    council = Council.objects.order_by("pk").first()
    if council is None:
        council = Council.objects.create(
            name=settings.COUNCIL_NAME,
            nation=settings.COUNCIL_NATION,
            district_code=settings.COUNCIL_DISTRICT_CODE,
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(council=council, weekday=day)
            for day in (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY)
            + (Weekday.THURSDAY, Weekday.FRIDAY)
        )
    return council


def _build_calendar() -> WorkingCalendar:
    council = _read_council()  # not current_council(): the caller holds the lock
    hours = {row.weekday: (row.opens, row.closes) for row in council.opening_hours.all()}
    closures = council.closure_days.values_list("date", flat=True)
    return WorkingCalendar(
        nation=council.nation, opening_hours=hours or None, closure_days=closures
    )


def working_calendar() -> WorkingCalendar:
    global _cached
    with _lock:
        if _cached is None or time.monotonic() - _cached[0] > CALENDAR_TTL:
            _cached = (time.monotonic(), _build_calendar())
        return _cached[1]


def forget_calendar() -> None:
    global _cached, _council
    with _lock:
        _cached = None
        _council = None
