"""A new case's rows written in two statements, with the SQL built once per shape.

Opening a case writes the case, then its contact, deadlines and timeline.
Through the ORM that is one statement per row or table, each composed afresh
and each a round trip, and together they were most of the time `open_case`
takes (bench/case_intake.py). Here the SQL text for a shape of rows (which
models, how many of each) is built once and reused (PostgreSQL then prepares
it), and the rows of several tables go in one statement. Every value still
passes through its field's own `pre_save` and `get_db_prep_save`, so it is
stored exactly as `save()` would store it; these models have no save signals
or overridden `save()` to skip.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field, ForeignKey, Model

Shape = tuple[tuple[type[Model], int], ...]


def _columns(model: type[Model]) -> list[Field[Any, Any]]:
    """The fields an INSERT names: every concrete one but the generated primary key."""
    pk = model._meta.pk
    if pk is None or pk.column != "id" or pk.get_internal_type() != "BigAutoField":
        raise TypeError(f"{model.__name__} needs a generated id to be written here.")
    return [field for field in model._meta.concrete_fields if field is not pk]


def _values_sql(model: type[Model], rows: int) -> str:
    columns = _columns(model)
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    table = connection.ops.quote_name(model._meta.db_table)
    # Table and column names come from the models, never from input.
    return f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * rows)}"  # noqa: S608


@cache
def _together_sql(shape: Shape) -> str:
    if len(shape) == 1:
        return _values_sql(*shape[0]) + " RETURNING 0, id"
    parts = [
        f"t{i} AS ({_values_sql(model, rows)} RETURNING id)"
        for i, (model, rows) in enumerate(shape)
    ]
    numbered = (f"SELECT {i}, id FROM t{i}" for i in range(len(shape)))  # noqa: S608
    selects = " UNION ALL ".join(numbered)
    return f"WITH {', '.join(parts)} {selects}"


@cache
def _unless_taken_sql(model: type[Model], column: str) -> str:
    quoted = connection.ops.quote_name(column)
    return f"{_values_sql(model, 1)} ON CONFLICT ({quoted}) DO NOTHING RETURNING id"


def _params(obj: Model) -> list[Any]:
    values = []
    for field in _columns(type(obj)):
        if (
            isinstance(field, ForeignKey)
            and getattr(obj, field.attname) is None
            and field.is_cached(obj)
        ):
            # Assigned before the related row was saved: take its id now, as save() does.
            related = field.get_cached_value(obj)
            setattr(obj, field.attname, related.pk if related is not None else None)
        values.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
    return values


def _saved(obj: Model, pk: int) -> None:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias


def insert_together(objs: Sequence[Model]) -> None:
    """Insert new rows of one or more models; each gets its id.

    On PostgreSQL all the rows go in one statement (one INSERT per model as
    data-modifying CTEs); other databases take one statement per model.
    """
    groups: dict[type[Model], list[Model]] = {}
    for obj in objs:
        groups.setdefault(type(obj), []).append(obj)
    shape = tuple((model, len(rows)) for model, rows in groups.items())
    statements = [shape] if connection.vendor == "postgresql" else [(part,) for part in shape]
    for statement in statements:
        rows = [obj for model, _ in statement for obj in groups[model]]
        with connection.cursor() as cursor:
            cursor.execute(_together_sql(statement), [v for obj in rows for v in _params(obj)])
            # Sorted by the CTE's number, stably: each model's rows keep their order.
            returned = sorted(cursor.fetchall(), key=lambda row: int(row[0]))
        if len(returned) != len(rows):
            raise AssertionError("every inserted row returns its id")
        # PostgreSQL returns the rows of an INSERT ... VALUES in the order given,
        # as Django's bulk_create relies on too.
        for obj, (_, pk) in zip(rows, returned, strict=True):
            _saved(obj, pk)


def insert_unless_taken(obj: Model, column: str) -> bool:
    """Insert one new row; False (and nothing written) if `column`'s value is taken.

    A clash is settled without an error, so no savepoint is needed to carry on
    in the same transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute(_unless_taken_sql(type(obj), column), _params(obj))
        row = cursor.fetchone()
    if row is None:
        return False
    _saved(obj, row[0])
    return True
