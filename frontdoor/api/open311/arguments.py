"""Reading Open311 arguments the way real clients send them.

An argument may come in the query string or the form body; an empty value
means the argument was not sent; unknown arguments are ignored.
"""

import datetime as dt
import re
from collections.abc import Mapping

from django.http import HttpRequest

from frontdoor.core.errors import InvalidInput

_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?P<many>\[\])?$")


def arg(request: HttpRequest, name: str) -> str | None:
    for source in (request.POST, request.GET):
        value = source.get(name)
        if value is not None and value.strip():
            return value.strip()
    return None


def required(request: HttpRequest, name: str) -> str:
    value = arg(request, name)
    if value is None:
        raise InvalidInput(f"{name} is required.", field=name)
    return value


def number(request: HttpRequest, name: str) -> float | None:
    value = arg(request, name)
    if value is None:
        return None
    try:
        parsed = float(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a number.", field=name) from None
    if parsed != parsed or parsed in (float("inf"), float("-inf")):
        raise InvalidInput(f"{name} must be a number.", field=name)
    return parsed


def whole_number(request: HttpRequest, name: str, *, default: int, low: int, high: int) -> int:
    value = arg(request, name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise InvalidInput(f"{name} must be a whole number from {low} to {high}.", field=name)
    return int(value)


def moment(request: HttpRequest, name: str) -> dt.datetime | None:
    """A W3C datetime with its offset, e.g. 2010-01-01T00:00:00Z."""
    value = arg(request, name)
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace(" ", "+"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInput(
            f"{name} must be a date and time with an offset, like 2010-01-01T00:00:00Z.",
            field=name,
        )
    return parsed


def attributes(form: Mapping[str, list[str]]) -> dict[str, object]:
    """attribute[CODE]=value, and attribute[CODE][]=v1&attribute[CODE][]=v2 for lists."""
    found: dict[str, object] = {}
    for name, values in form.items():
        match = _ATTRIBUTE.match(name)
        if match is None:
            continue
        cleaned = [value.strip() for value in values if value.strip()]
        if not cleaned:
            continue
        code = match["code"]
        found[code] = cleaned if match["many"] or len(cleaned) > 1 else cleaned[0]
    return found
