"""Backups of the whole site: the database and every uploaded file, in one archive.

Media are read through Django's storage API, so uploads on the local disk and uploads in a
bucket are backed up alike; archives go to the "backups" storage (a folder or another bucket).
`manage.py backup` writes one and rotates the old ones; `manage.py restore_drill` proves one
restores.
"""

from .archive import Backup, backup_create, backups_list, backups_prune
from .drill import DrillReport, restore_drill
from .exceptions import BackupError

__all__ = [
    "Backup",
    "BackupError",
    "DrillReport",
    "backup_create",
    "backups_list",
    "backups_prune",
    "restore_drill",
]
