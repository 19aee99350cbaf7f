from django.db import migrations


class RunSQLOnPostgres(migrations.RunSQL):
    """Raw SQL that only PostgreSQL understands (GIN indexes, tsvector functions).

    The embedded SQLite that `make run` may use without DATABASE_URL skips it: the site works
    there, only without these indexes.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
