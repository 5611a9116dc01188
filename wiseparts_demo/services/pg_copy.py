"""The one COPY helper of the bulk writer: rows of a model written by PostgreSQL ``COPY``.

``Table`` completes the given columns with the model's static defaults and the log
columns, streams rows to ``COPY`` in chunks, and queues the stored computed fields it did
not write for the ORM to recompute. ``reserve_ids`` takes ids from the table's sequence so
that rows can refer to each other before they are written.
"""

import io
import json
from datetime import date, datetime

from odoo.tools import SQL

LOG_COLUMNS = ("create_uid", "write_uid", "create_date", "write_date")
# Rows kept in memory per table before they are sent to PostgreSQL.
FLUSH_ROWS = 150000
COPY_CHUNK = 50000


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        value = json.dumps(value)
    elif isinstance(value, (date, datetime)):
        return value.isoformat(" ") if isinstance(value, datetime) else value.isoformat()
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def copy_rows(env, table, columns, rows):
    """COPY rows (tuples in ``columns`` order) into ``table``, 50,000 at a time."""
    for start in range(0, len(rows), COPY_CHUNK):
        buf = io.StringIO()
        for row in rows[start : start + COPY_CHUNK]:
            buf.write("\t".join(map(_copy_text, row)))
            buf.write("\n")
        buf.seek(0)
        env.cr.copy_expert(
            SQL(
                "COPY %s (%s) FROM STDIN",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(c) for c in columns),
            ).code,
            buf,
        )


def copy_m2m(env, model, field_name, pairs):
    """COPY (record id, related id) pairs into the relation table of a many2many."""
    field = env[model]._fields[field_name]
    copy_rows(env, field.relation, [field.column1, field.column2], pairs)


def reserve_ids(env, table, count):
    if not count:
        return []
    env.cr.execute(
        SQL(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            table,
            count,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


class Table:
    """Rows of one model written by COPY: explicit values + the model's static defaults.

    Stored fields neither given explicitly nor defaulted but computed are recomputed by
    the ORM after the COPY (fields added by other addons keep their ORM values). Rows (and
    their many2many links) are sent every ``FLUSH_ROWS`` rows and by ``flush()``.
    """

    def __init__(self, env, model, explicit, fixed=None):
        self.env = env
        self.model = env[model]
        self.explicit = list(explicit)
        fixed = fixed or {}
        names = set(self.explicit) | set(fixed) | set(LOG_COLUMNS) | {"id"}
        others = [
            f
            for f in self.model._fields.values()
            if f.store and f.column_type and f.name not in names and not f.company_dependent
        ]
        m2m = [
            f
            for f in self.model._fields.values()
            if f.type == "many2many" and f.store and f.name not in names
        ]
        defaults = self.model.default_get(
            [f.name for f in others if not f.compute] + [f.name for f in m2m]
        )
        self.m2m_defaults = {}
        for field in m2m:
            value = defaults.get(field.name)
            if value:
                ids = field.convert_to_cache(value, self.model, validate=False)
                if ids:
                    self.m2m_defaults[field.name] = list(ids)
        self.defaults = {}
        for field in others:
            if field.name in defaults:
                value = field.convert_to_column(
                    field.convert_to_cache(defaults[field.name], self.model, validate=False),
                    self.model,
                )
                if hasattr(value, "adapted"):  # psycopg2 Json wrapper
                    value = value.adapted
                self.defaults[field.name] = value
        self.defaults.update(fixed)
        self.to_compute = [
            f for f in others if f.name not in self.defaults and (f.compute or f.related)
        ]
        now = env.cr.now()
        self.columns = ["id", *self.explicit, *self.defaults, *LOG_COLUMNS]
        self.tail = (*self.defaults.values(), env.uid, env.uid, now, now)
        self.rows = []
        self.links = {}  # many2many field name -> [(record id, related id)]

    def add(self, record_id, *values):
        self.rows.append((record_id, *values, *self.tail))
        if len(self.rows) >= FLUSH_ROWS:
            self.flush()

    def link(self, field_name, record_id, related_ids):
        """Relate record_id to related_ids through a many2many, written with the rows."""
        pairs = self.links.setdefault(field_name, [])
        pairs.extend((record_id, related_id) for related_id in related_ids)

    def flush(self):
        if not self.rows:
            return
        copy_rows(self.env, self.model._table, self.columns, self.rows)
        for field_name, pairs in self.links.items():
            copy_m2m(self.env, self.model._name, field_name, pairs)
        self.links = {}
        ids = [row[0] for row in self.rows]
        records = self.model.browse(ids)
        for name, value_ids in self.m2m_defaults.items():
            copy_m2m(self.env, self.model._name, name, [(i, v) for i in ids for v in value_ids])
        for field in self.to_compute:
            self.env.add_to_compute(field, records)
        self.rows = []


def drop_indexes(env, tables):
    """Drop the plain (non-unique, non-constraint) indexes of ``tables``; return their
    definitions. Unique indexes stay, so every uniqueness rule is still enforced."""
    env.cr.execute(
        SQL(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
               AND NOT i.indisprimary AND NOT i.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
             ORDER BY ic.relname
            """,
            list(tables),
        )
    )
    indexes = env.cr.fetchall()
    for name, _definition in indexes:
        env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    return indexes


def create_indexes(env, indexes, tables, progress):
    for done, (_name, definition) in enumerate(indexes, 1):
        # a definition PostgreSQL itself printed (pg_get_indexdef), not user input
        env.cr.execute(SQL(definition.replace("%", "%%")))
        if done % 25 == 0 or done == len(indexes):
            progress("indexes", done, len(indexes))
    for table in tables:
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
