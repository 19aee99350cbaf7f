"""The database half of a backup: pg_dump and pg_restore, and the figures a drill compares.

Those figures (every table's row count and a checksum of the orders) are read in the very
snapshot pg_dump exports from, so they describe exactly what the dump holds even while the site
keeps taking orders.
"""

import os
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings

from .exceptions import BackupError

PG_BIN_DIRS = ["/usr/lib/postgresql/15/bin"]
# A stable fingerprint of every order and what it holds: number, status, total and lines.
ORDERS_CHECKSUM_SQL = """
SELECT md5(coalesce(string_agg(row_text, '|' ORDER BY row_text), ''))
FROM (
    SELECT concat_ws(',', o.number, o.status, o.payment_status, o.total,
                     (SELECT string_agg(concat_ws(':', l.product_name, l.unit_price, l.quantity), ';' ORDER BY l.id)
                        FROM orders_orderline l WHERE l.order_id = o.id)) AS row_text
    FROM orders_order o
) rows
"""


@dataclass(frozen=True)
class DatabaseFigures:
    counts: dict[str, int]
    orders_checksum: str

    @property
    def rows(self):
        return sum(self.counts.values())

    def as_json(self):
        return {"counts": self.counts, "orders_checksum": self.orders_checksum}

    @classmethod
    def from_json(cls, data):
        return cls(counts=dict(data["counts"]), orders_checksum=data["orders_checksum"])


def pg_tool(name: str) -> str:
    for folder in PG_BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} is not installed (Debian package postgresql-client-15).")


def _db():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL: set DATABASE_URL.")
    return db


def _conninfo(db, dbname=None) -> dict:
    return {
        "dbname": dbname or db["NAME"],
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }


def _pg_env(db) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _conn_args(db, dbname=None) -> list[str]:
    args = ["--dbname", dbname or db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def _run(args, db):
    try:
        subprocess.run(args, check=True, env=_pg_env(db), capture_output=True)  # noqa: S603 - fixed arguments, no shell
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(args[0]).name} failed: {detail}") from exc


def figures_read(conn) -> DatabaseFigures:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
            counts[table] = cursor.fetchone()[0]
        cursor.execute(ORDERS_CHECKSUM_SQL)
        checksum = cursor.fetchone()[0]
    return DatabaseFigures(counts=counts, orders_checksum=checksum)


def live_figures() -> DatabaseFigures:
    with psycopg.connect(**_conninfo(_db())) as conn:
        return figures_read(conn)


def database_dump(*, path: Path) -> DatabaseFigures:
    """Write a pg_dump custom-format file; return the figures of the snapshot it was taken from."""
    db = _db()
    with psycopg.connect(**_conninfo(db)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        figures = figures_read(conn)
        _run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(path),
                *_conn_args(db),
            ],
            db,
        )
        conn.rollback()
    return figures


@contextmanager
def scratch_database(*, dump: Path):
    """Restore ``dump`` into a database of its own; yield a connection to it, then drop it."""
    db = _db()
    scratch_name = f"{db['NAME']}_restore_drill"
    with psycopg.connect(**_conninfo(db, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{scratch_name}"')
    try:
        _run(
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                *_conn_args(db, scratch_name),
                str(dump),
            ],
            db,
        )
        with psycopg.connect(**_conninfo(db, scratch_name)) as restored:
            yield restored
    finally:
        with psycopg.connect(**_conninfo(db, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)')


def database_compare(source: DatabaseFigures, copy: DatabaseFigures) -> list[str]:
    mismatches = [
        f"{table}: source {source.counts.get(table)} rows, copy {copy.counts.get(table)}"
        for table in sorted(set(source.counts) | set(copy.counts))
        if source.counts.get(table) != copy.counts.get(table)
    ]
    if source.orders_checksum != copy.orders_checksum:
        mismatches.append(
            f"orders checksum: source {source.orders_checksum}, copy {copy.orders_checksum}"
        )
    return mismatches
