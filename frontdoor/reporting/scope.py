"""What a figure is about: a run of whole months, and filters on the case records."""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from frontdoor.catalogue.models import CaseKind, Partner, Service, Team, Ward
from frontdoor.core.actors import Channel
from frontdoor.core.errors import InvalidInput

LONDON = ZoneInfo("Europe/London")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 36


def month_start(date: dt.date) -> dt.date:
    return date.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first and the last-plus-one moment of a month in the council's time zone."""
    start = dt.datetime.combine(month, dt.time(0), tzinfo=LONDON)
    end = dt.datetime.combine(add_months(month, 1), dt.time(0), tzinfo=LONDON)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def parse_month(value: str, field: str = "period") -> dt.date:
    match = _MONTH.match(value.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput("Give the month as YYYY-MM, for example 2026-10.", field=field)
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


@dataclass(frozen=True)
class Period:
    """Whole months, first to last inclusive, in the council's time zone."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1 or self.last < self.first:
            raise ValueError("A period runs from the first of one month to the first of another.")

    @classmethod
    def month(cls, month: dt.date) -> "Period":
        return cls(month_start(month), month_start(month))

    @classmethod
    def parse(cls, value: str) -> "Period":
        """`2026-10` for one month, `2025-11..2026-10` for a run of months."""
        first, _, last = value.partition("..")
        start, end = parse_month(first), parse_month(last or first)
        if end < start:
            raise InvalidInput("The first month must come before the last.", field="period")
        period = cls(start, end)
        if len(period.months) > MAX_MONTHS:
            raise InvalidInput(f"Ask for {MAX_MONTHS} months or fewer.", field="period")
        return period

    @classmethod
    def months_to(cls, last: dt.date, count: int) -> "Period":
        return cls(add_months(month_start(last), 1 - count), month_start(last))

    @property
    def months(self) -> list[dt.date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%B %Y}"
        return f"{self.first:%B %Y} to {self.last:%B %Y}"

    @property
    def slug(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m}..{self.last:%Y-%m}"

    def with_previous_month(self) -> "Period":
        return replace(self, first=add_months(self.first, -1))


@dataclass(frozen=True)
class Filters:
    """Which cases a figure counts. Empty means the whole council."""

    service_id: int | None = None
    team_id: int | None = None
    partner_id: int | None = None
    ward_id: int | None = None
    channel: str = ""
    kind: str = ""

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> "Filters":
        """From URL parameters: service (code), team, partner (slugs), ward (GSS code)…"""

        def find(model: Any, field: str, key: str, what: str) -> int | None:
            value = (query.get(key) or "").strip()
            if not value:
                return None
            found = model.objects.filter(**{field: value}).values_list("pk", flat=True).first()
            if found is None:
                raise InvalidInput(f"There is no {what} {value!r}.", field=key)
            return int(found)

        channel = (query.get("channel") or "").strip()
        if channel and channel not in Channel.__members__.values():
            raise InvalidInput(f"There is no channel {channel!r}.", field="channel")
        kind = (query.get("kind") or "").strip()
        if kind and kind not in CaseKind.values:
            raise InvalidInput(f"There is no kind of case {kind!r}.", field="kind")
        return cls(
            service_id=find(Service, "code", "service", "service"),
            team_id=find(Team, "slug", "team", "team"),
            partner_id=find(Partner, "slug", "partner", "partner"),
            ward_id=find(Ward, "gss_code", "ward", "ward"),
            channel=channel,
            kind=kind,
        )

    def cases(self, prefix: str = "", *, channel: bool = True) -> Q:
        """The filter on any row that names a case's service, team, partner, ward and kind."""
        terms: dict[str, object] = {}
        for name in ("service_id", "team_id", "partner_id", "ward_id"):
            value = getattr(self, name)
            if value is not None:
                terms[prefix + name] = value
        if self.kind:
            terms[prefix + "kind"] = self.kind
        if channel and self.channel:
            terms[prefix + "channel"] = self.channel
        return Q(**terms)

    def as_query(self) -> dict[str, str]:
        """For links: the same filters as URL parameters."""
        query: dict[str, str] = {}
        if self.service_id is not None:
            query["service"] = Service.objects.get(pk=self.service_id).code
        if self.team_id is not None:
            query["team"] = Team.objects.get(pk=self.team_id).slug
        if self.partner_id is not None:
            query["partner"] = Partner.objects.get(pk=self.partner_id).slug
        if self.ward_id is not None:
            query["ward"] = Ward.objects.get(pk=self.ward_id).gss_code
        if self.channel:
            query["channel"] = self.channel
        if self.kind:
            query["kind"] = self.kind
        return query
