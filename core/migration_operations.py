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


class GrantGroupPermissions(migrations.RunPython):
    """Give a staff group (created if missing) these permissions of one app; undo takes them back.

    Each app grants its own permissions in its own migration, so a group such as "Staf Dinas"
    gathers exactly what the apps decide. Permissions are normally created after `migrate`
    finishes, so they are created here first.
    """

    def __init__(self, group: str, app_label: str, codenames: list[str]):
        self.group, self.app_label, self.codenames = group, app_label, list(codenames)
        super().__init__(self.grant, self.revoke)

    def _permissions(self, apps):
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(
            content_type__app_label=self.app_label, codename__in=self.codenames
        )

    def grant(self, apps, schema_editor):
        from django.contrib.auth.management import create_permissions

        app_config = apps.get_app_config(self.app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        permissions = self._permissions(apps)
        missing = set(self.codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(
                f"{self.app_label} permissions missing for {self.group}: {sorted(missing)}"
            )
        group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=self.group)
        group.permissions.add(*permissions)

    def revoke(self, apps, schema_editor):
        group = apps.get_model("auth", "Group").objects.filter(name=self.group).first()
        if group is not None:
            group.permissions.remove(*self._permissions(apps))

    def describe(self):
        return f"Grant {self.app_label} permissions to the {self.group} group"
