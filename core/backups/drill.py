"""The restore drill: restore an archive into a scratch database and a scratch media storage,
then compare the copy with the source: every table's row count, the orders checksum, and every
media file by name and by the SHA-256 of its bytes.
"""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages

from .archive import archive_fetch, archive_unpack, archive_write
from .database import database_compare, figures_read, live_figures, scratch_database
from .media import media_checksums, media_compare, media_referenced, some_names


@dataclass
class DrillReport:
    archive: str
    tables: int
    rows: int
    orders_checksum: str
    media_files: int
    mismatches: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.mismatches


def restore_drill(*, archive: str | None = None, storage=None, scratch_media=None) -> DrillReport:
    """Drill ``archive`` (a name in ``storage``, the backups storage by default), or a new one.

    A new archive is compared with the database figures of its own snapshot, so orders placed
    meanwhile do not count as differences; a stored archive is compared with the database as it
    is now, so whatever changed since it was made shows. Media are compared with the default
    storage as it is now. ``scratch_media`` receives the restored files (default: a temporary
    folder, reached through the storage API like any other).
    """
    with tempfile.TemporaryDirectory(prefix="galeri-drill-") as work:
        work = Path(work)
        path = work / "archive.tar.gz"
        if archive is None:
            manifest = archive_write(path=path)
            source_database = manifest.database
            archive = "a new backup"
        else:
            archive_fetch(name=archive, storage=storage or storages["backups"], path=path)
            source_database = None
        scratch_media = scratch_media or FileSystemStorage(location=work / "media")
        dump = work / "restored.dump"
        manifest, mismatches = archive_unpack(path=path, dump=dump, media=scratch_media)
        path.unlink()
        with scratch_database(dump=dump) as restored:
            copy_database = figures_read(restored)
        source_database = source_database or live_figures()
        mismatches += database_compare(source_database, copy_database)

        source_media = media_checksums(storages["default"])
        copy_media = media_checksums(scratch_media)
    referenced = media_referenced()
    mismatches += media_compare(source_media, copy_media, referenced=referenced)
    damaged = {name for name, digest in copy_media.items() if manifest.media.get(name) != digest}
    damaged |= set(manifest.media) - set(copy_media)
    if damaged:
        mismatches.append(
            f"archive damaged: {some_names(damaged)} not as recorded in its manifest at backup time"
        )
    notes = []
    dangling = referenced - set(source_media)
    if source_media and dangling:
        notes.append(
            f"{len(dangling)} files named by the database are not in the media storage "
            f"(e.g. {some_names(dangling)})"
        )
    return DrillReport(
        archive=archive,
        tables=len(copy_database.counts),
        rows=copy_database.rows,
        orders_checksum=copy_database.orders_checksum,
        media_files=len(copy_media),
        mismatches=mismatches,
        notes=notes,
    )
