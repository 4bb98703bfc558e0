"""Fast bulk writes for the hot paths (imports of whole lists, reclustering after linkage, audit events, bodies and
custody events of a batch, inquiries registered from a list).

Django's `bulk_create` and `bulk_update` compile one large statement per batch, which costs more than the database
work at a hundred thousand rows (and `bulk_update`'s CASE expressions grow quadratically on SQLite). Here rows are
plain tuples of column values: ids are allocated up front, inserts go through `COPY` on PostgreSQL and a prepared
`executemany` elsewhere, updates through one prepared statement per set of columns; `objects_insert` does the same
for unsaved model instances. Callers stay inside a transaction and write the audit record themselves; these helpers
only move rows (no signals, no `save()`, as with `bulk_create`). For reading whole lists: `chunks` slices the ids
one `__in` may hold, `rows_in_id_order` reads a queryset page by page by id (no OFFSET), `rows_where_in` reads the
rows whose column holds one of many ids with plain SQL. `queries_unlogged` keeps bulk work out of the query log that
Django keeps while DEBUG is on (the demo, the CLI, the worker).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, models

BATCH = 5000
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.FloatField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


def chunks(values: Sequence[Any], size: int | None = None) -> Iterator[Sequence[Any]]:
    """`values` in slices of `size` (default `BATCH`): what one `__in` filter may hold (PostgreSQL takes 65,535
    parameters a statement, SQLite 32,766 or 250,000 depending on its build)."""
    size = size or BATCH
    for start in range(0, len(values), size):
        yield values[start : start + size]


def rows_in_id_order(queryset: Any, size: int | None = None) -> Iterator[Any]:
    """The rows of `queryset` (model instances, or `values_list` tuples with the pk first) in id order, read `size`
    (default `BATCH`) at a time; a caller that stops early reads no further page."""
    size = size or BATCH
    last: Any = None
    while True:
        page = list((queryset if last is None else queryset.filter(pk__gt=last)).order_by("pk")[:size])
        yield from page
        if len(page) < size:
            return
        last = page[-1][0] if isinstance(page[-1], tuple) else page[-1].pk


def rows_where_in(
    model: type[models.Model],
    attnames: Sequence[str],
    column: str,
    ids: Iterable[int],
    *,
    using: str = "default",
) -> Iterator[tuple[Any, ...]]:
    """The `attnames` of every row of `model` whose `column` (an integer column: a key or a foreign key, by
    attname) holds one of `ids`, read `BATCH` ids a statement with plain SQL.

    For reads of many thousands of ids in a row (merging persons after linkage): Django prepares each value of an
    `__in` lookup through its field and the lookup machinery, which at a million ids cost more than the query.
    The values must be integers; they go to the database as parameters all the same.
    """
    connection = connections[using]
    fields = {f.attname: f.column for f in model._meta.concrete_fields}
    fields["pk"] = model._meta.pk.column  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    selected = ", ".join(quote(fields[name]) for name in attnames)
    head = f"SELECT {selected} FROM {quote(model._meta.db_table)} WHERE {quote(fields[column])} IN "
    values = sorted({int(i) for i in ids})
    with connection.cursor() as cursor:
        for chunk in chunks(values):
            cursor.execute(head + "(" + ", ".join(["%s"] * len(chunk)) + ")", chunk)
            yield from (tuple(row) for row in cursor.fetchall())


@contextmanager
def queries_unlogged(using: str = "default") -> Iterator[None]:
    """Run bulk work without Django's per-query log, which DEBUG turns on.

    With DEBUG every statement is recorded, and on SQLite its parameters are first quoted back through the database
    (one more query per statement, a thousand parameters at a time): a quarter of the time of merging persons after
    a linkage run. A connection asked to log on purpose (`CaptureQueriesContext`, the query-count tests) still logs.
    """
    connection = connections[using]
    if connection.force_debug_cursor or "make_debug_cursor" in vars(connection):
        yield
        return
    connection.make_debug_cursor = connection.make_cursor  # type: ignore[method-assign]
    try:
        yield
    finally:
        del connection.make_debug_cursor


def allocate_ids(model: type[models.Model], count: int, *, using: str = "default") -> list[int]:
    """Reserve `count` new primary keys for `model` (call inside the transaction that inserts them)."""
    if count <= 0:
        return []
    connection = connections[using]
    table = model._meta.db_table
    pk = model._meta.pk.column  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT max("{pk}") FROM "{table}"')
        top = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
    return list(range(top + 1, top + 1 + count))


def _columns(model: type[models.Model], attnames: Sequence[str]) -> list[models.Field[Any, Any]]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return [fields[name] for name in attnames]


def _preparers(fields: Sequence[models.Field[Any, Any]], connection: Any, copy: bool) -> list[Any]:
    """Per column: None when the value goes to the database as it is, else the field's own preparation."""
    preps: list[Any] = []
    for f in fields:
        if isinstance(f, _PLAIN):
            preps.append(None)
        elif isinstance(f, models.JSONField):
            encoder = f.encoder
            import json

            preps.append(lambda v, e=encoder: json.dumps(v, cls=e) if v is not None else None)
        elif copy and isinstance(f, models.DateTimeField | models.DateField):
            preps.append(None)  # psycopg writes dates and aware datetimes itself
        else:
            preps.append(_last_value_memo(lambda v, f=f: f.get_db_prep_save(v, connection)))
    return preps


def _last_value_memo(prep: Any) -> Any:
    """Wrap a preparation so that the same object given again (one timestamp for a whole batch) is not redone."""
    last: list[Any] = [object(), None]

    def memo(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, prep(value)
        return last[1]

    return memo


def _prepared(rows: Iterable[Sequence[Any]], preps: list[Any]) -> Iterable[tuple[Any, ...]]:
    if not any(preps):
        yield from (tuple(r) for r in rows)
        return
    for row in rows:
        yield tuple(v if p is None else p(v) for v, p in zip(row, preps, strict=True))


def insert_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """Insert rows (tuples of values in `attnames` order, ids included) into `model`'s table; return the count."""
    connection = connections[using]
    fields = _columns(model, attnames)
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    copy = connection.vendor == "postgresql"
    prepared = _prepared(rows, _preparers(fields, connection, copy))
    count = 0
    with connection.cursor() as cursor:
        if copy:
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as out:
                for row in prepared:
                    out.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch: list[tuple[Any, ...]] = []
        for row in prepared:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def update_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """Set columns `attnames` per row, each row being (pk, value, value, …); return the number of rows given."""
    connection = connections[using]
    fields = _columns(model, attnames)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
    preps = _preparers(fields, connection, copy=False)
    count = 0
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for pk_value, *values in rows:
            batch.append((*_one(values, preps), pk_value))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _one(values: Sequence[Any], preps: list[Any]) -> tuple[Any, ...]:
    return tuple(v if p is None else p(v) for v, p in zip(values, preps, strict=True))


def objects_insert(objs: Sequence[models.Model], *, using: str = "default") -> int:
    """Insert unsaved instances of one model (what `bulk_create` does, without compiling a statement per batch):
    missing primary keys are allocated and set on the objects, `auto_now(_add)` fields filled; return the count."""
    if not objs:
        return 0
    model = type(objs[0])
    fields = list(model._meta.concrete_fields)
    missing = [o for o in objs if o.pk is None]
    for obj, pk in zip(missing, allocate_ids(model, len(missing), using=using), strict=True):
        obj.pk = pk
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    texts = [f.attname for f in fields if isinstance(f, models.CharField | models.TextField)]
    for obj in objs:
        for f in stamped:
            f.pre_save(obj, add=True)
        for name in texts:  # a lazy translation or other str-like value goes to the database as text
            value = getattr(obj, name)
            if value is not None and type(value) is not str:
                setattr(obj, name, str(value))
    attnames = [f.attname for f in fields]
    count = insert_rows(model, attnames, ([getattr(o, a) for a in attnames] for o in objs), using=using)
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return count


def rows_delete(model: type[models.Model], pks: Iterable[Any], *, using: str = "default") -> int:
    """Delete rows by primary key with plain `DELETE` statements (no collector, no signals: the caller has moved or
    removed whatever pointed at them); return how many went."""
    ids = list(pks)
    connection = connections[using]
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    count = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            count += max(cursor.rowcount, 0)
    return count


def statistics_refresh(tables: Sequence[str] = (), *, using: str = "default") -> None:
    """Refresh the query planner's statistics after a bulk load (all tables when none are named).

    Without them both databases plan by guesses that fit an empty database: PostgreSQL chose a nested loop over
    100M row pairs for the registry list (6–15 s; 55 ms after `ANALYZE`); SQLite sorted every visible body in a
    temporary tree to show the first 50 by code, where with statistics it walks the code index and stops. SQLite
    reads every index in full (0.4 s at 70k persons): with `analysis_limit` sampling, the counts per key came out
    too low to change that plan.
    """
    connection = connections[using]
    quoted = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(quoted) if quoted else "ANALYZE")
        elif connection.vendor == "sqlite":
            for statement in [f"ANALYZE {name}" for name in quoted] or ["ANALYZE"]:
                cursor.execute(statement)
