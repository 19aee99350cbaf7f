"""A fingerprint of every row in the database, to show that a request changed nothing at all."""

from django.db import connection

# Logging a test client in writes a session; nothing a request is refused changes lives there.
IGNORED = {"django_session"}


def database_fingerprint():
    """{table: (rows, digest of the rows' text)} for every table of the site."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in IGNORED:
                continue
            name = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608 - table names from the schema
                f" FROM {name} t"
            )
            fingerprint[table] = cursor.fetchone()
    return fingerprint


def changed_tables(before, after):
    return sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )
