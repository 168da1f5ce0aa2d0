"""A figure as a table: typed columns that say how each one is suppressed when published."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Suppress(StrEnum):
    NEVER = "never"  # a label: month, service, channel, status
    COUNT = "count"  # a count of cases, contacts or people: 1 to 4 is hidden
    DERIVED = "derived"  # a rate or average: hidden when any count it rests on is under 5


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    type: str  # Table Schema type: string, integer, number, date
    description: str = ""
    suppress: Suppress = Suppress.NEVER
    based_on: tuple[str, ...] = ()


@dataclass
class Table:
    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def as_lists(self) -> list[list[Any]]:
        return [[row.get(column.name) for column in self.columns] for row in self.rows]


def label(name: str, title: str, description: str = "", type: str = "string") -> Column:
    return Column(name, title, type, description)


def count(name: str, title: str, description: str = "") -> Column:
    return Column(name, title, "integer", description, Suppress.COUNT)


def derived(name: str, title: str, based_on: tuple[str, ...], description: str = "") -> Column:
    return Column(name, title, "number", description, Suppress.DERIVED, based_on)
