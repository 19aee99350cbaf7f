"""District staff see the outgoing emails and send a failed one again.

A vendor who says "I never got the email" is answered from this list: sent when, or failing
with what error. Bodies with a secret link are never shown there.
"""

from django.db import migrations

from core.migration_operations import GrantGroupPermissions


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_outgoing_email"),
    ]

    operations = [
        GrantGroupPermissions(
            "Staf Dinas", "core", ["view_outgoingemail", "resend_outgoingemail"]
        ),
    ]
