"""Backups: a pg_dump custom-format file of the database plus an archive of the media files.

`manage.py backup` writes both; `manage.py restore_drill` proves they restore, by loading them
into a scratch database and folder and comparing row counts and an orders checksum.
"""

import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone

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


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupFiles:
    database: Path
    media: Path


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    for folder in PG_BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    if found:
        return found
    raise BackupError(f"{name} is not installed (Debian package postgresql-client-15).")


def _db():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL: set DATABASE_URL.")
    return db


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


def backup_create(*, output_dir: Path) -> BackupFiles:
    db = _db()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    dump = output_dir / f"galeri-{stamp}.dump"
    media = output_dir / f"galeri-{stamp}-media.tar.gz"
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *_conn_args(db)],
        check=True,
        env=_pg_env(db),
        capture_output=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    return BackupFiles(database=dump, media=media)


def _table_counts(conn) -> dict[str, int]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
            counts[table] = cursor.fetchone()[0]
    return counts


def _orders_checksum(conn) -> str:
    with conn.cursor() as cursor:
        cursor.execute(ORDERS_CHECKSUM_SQL)
        return cursor.fetchone()[0]


def _media_listing(root: Path) -> dict[str, int]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*")) if p.is_file()
    }


@dataclass
class DrillReport:
    tables: int
    rows: int
    orders_checksum: str
    media_files: int
    mismatches: list[str]

    @property
    def ok(self):
        return not self.mismatches


def restore_drill(*, files: BackupFiles, scratch_dir: Path) -> DrillReport:
    """Restore into a scratch database and folder, compare with the live ones, then drop them."""
    db = _db()
    scratch_name = f"{db['NAME']}_restore_drill"
    conninfo = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch_name}"')
        admin.execute(f'CREATE DATABASE "{scratch_name}"')
    try:
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                *_conn_args(db, scratch_name),
                str(files.database),
            ],
            check=True,
            env=_pg_env(db),
            capture_output=True,
        )
        connection.ensure_connection()
        live_counts = _table_counts(connection.connection)
        live_checksum = _orders_checksum(connection.connection)
        with psycopg.connect(dbname=scratch_name, **conninfo) as restored:
            restored_counts = _table_counts(restored)
            restored_checksum = _orders_checksum(restored)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch_name}" WITH (FORCE)')

    mismatches = [
        f"{table}: live {live_counts.get(table)} restored {restored_counts.get(table)}"
        for table in sorted(set(live_counts) | set(restored_counts))
        if live_counts.get(table) != restored_counts.get(table)
    ]
    if live_checksum != restored_checksum:
        mismatches.append(f"orders checksum: live {live_checksum} restored {restored_checksum}")

    scratch_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(files.media, "r:gz") as archive:
        archive.extractall(scratch_dir, filter="data")
    live_media = _media_listing(Path(settings.MEDIA_ROOT))
    restored_media = _media_listing(scratch_dir / "media")
    if live_media != restored_media:
        mismatches.append(
            f"media: live {len(live_media)} files, restored {len(restored_media)} files"
        )

    return DrillReport(
        tables=len(live_counts),
        rows=sum(live_counts.values()),
        orders_checksum=live_checksum,
        media_files=len(restored_media),
        mismatches=mismatches,
    )
