"""One backup is one tar.gz archive, kept in the "backups" storage (a folder or a bucket):

database.dump    pg_dump custom format
media/<name>     every file of the default storage, under its storage name
manifest.json    when, the database figures of the dump's snapshot, each media file's SHA-256
"""

import io
import json
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

from .database import DatabaseFigures, database_dump
from .exceptions import BackupError
from .media import MEMBER_PREFIX, media_archive, media_unpack

DUMP_MEMBER = "database.dump"
MANIFEST_MEMBER = "manifest.json"
FORMAT = 1
# Only names like this are ours to rotate; anything else in a shared folder or bucket is left alone.
ARCHIVE_NAME = re.compile(r"galeri-\d{8}-\d{6}[^/]*\.tar\.gz")


@dataclass(frozen=True)
class Manifest:
    created: str
    database: DatabaseFigures
    media: dict[str, str]

    def as_json(self):
        return {
            "format": FORMAT,
            "created": self.created,
            "database": self.database.as_json(),
            "media": self.media,
        }

    @classmethod
    def from_json(cls, data):
        if data.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {data.get('format')!r}.")
        return cls(
            created=data["created"],
            database=DatabaseFigures.from_json(data["database"]),
            media=dict(data["media"]),
        )


@dataclass
class Backup:
    name: str
    size: int
    manifest: Manifest
    removed: list[str] = field(default_factory=list)


def archive_write(*, path: Path, media=None) -> Manifest:
    """Write the archive of the database and of ``media`` (default: the site's uploads)."""
    media = media or storages["default"]
    now = timezone.now()
    with tempfile.TemporaryDirectory(prefix="galeri-backup-") as work:
        dump = Path(work) / DUMP_MEMBER
        figures = database_dump(path=dump)
        with tarfile.open(path, "w:gz") as tar:
            tar.add(dump, arcname=DUMP_MEMBER)
            checksums = media_archive(storage=media, tar=tar, mtime=now.timestamp())
            manifest = Manifest(created=now.isoformat(), database=figures, media=checksums)
            body = json.dumps(manifest.as_json(), indent=1, sort_keys=True).encode()
            info = tar.tarinfo(MANIFEST_MEMBER)
            info.size = len(body)
            info.mtime = now.timestamp()
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(body))
    return manifest


def backup_create(*, storage=None, keep=None) -> Backup:
    """Write a new archive to the backups storage, then delete the oldest beyond ``keep``."""
    storage = storage or storages["backups"]
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError("Keep at least one backup (BACKUP_KEEP).")
    name = timezone.localtime().strftime("galeri-%Y%m%d-%H%M%S.tar.gz")
    with tempfile.TemporaryDirectory(prefix="galeri-backup-") as work:
        path = Path(work) / name
        manifest = archive_write(path=path)
        with path.open("rb") as archive:
            stored = storage.save(name, File(archive, name=name))
        backup = Backup(name=stored, size=path.stat().st_size, manifest=manifest)
    backup.removed = backups_prune(storage=storage, keep=keep)
    return backup


def backups_list(storage=None) -> list[str]:
    """The archives in the backups storage, oldest first (their names start with the time)."""
    storage = storage or storages["backups"]
    try:
        _, files = storage.listdir("")
    except FileNotFoundError:
        return []
    return sorted(name for name in files if ARCHIVE_NAME.fullmatch(name))


def backups_prune(*, storage, keep: int) -> list[str]:
    old = backups_list(storage)[:-keep]
    for name in old:
        storage.delete(name)
    return old


def archive_fetch(*, name: str, storage, path: Path):
    """Copy an archive out of the backups storage to a local file, for tarfile and pg_restore."""
    if not storage.exists(name):
        raise BackupError(f"No backup named {name} in the backups storage.")
    with storage.open(name, "rb") as source, path.open("wb") as target:
        for chunk in source.chunks():
            target.write(chunk)


def archive_unpack(*, path: Path, dump: Path, media) -> tuple[Manifest, list[str]]:
    """Put the dump at ``dump`` and the media files into the ``media`` storage.

    Returns the manifest and what was wrong with the archive's contents.
    """
    problems, manifest = [], None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    problems.append(f"archive: unexpected entry {member.name!r}")
                    continue
                fileobj = tar.extractfile(member)
                if member.name == DUMP_MEMBER:
                    with dump.open("wb") as target:
                        while chunk := fileobj.read(1024 * 1024):
                            target.write(chunk)
                elif member.name == MANIFEST_MEMBER:
                    manifest = Manifest.from_json(json.load(fileobj))
                elif member.name.startswith(MEMBER_PREFIX):
                    problem = media_unpack(member=member, fileobj=fileobj, storage=media)
                    if problem:
                        problems.append(problem)
                else:
                    problems.append(f"archive: unexpected entry {member.name!r}")
    except (tarfile.TarError, OSError, EOFError, ValueError, KeyError) as exc:
        raise BackupError(f"The archive cannot be unpacked: {exc}") from exc
    if manifest is None or not dump.exists():
        raise BackupError("Not a Galeri Menong backup: the archive lacks its dump or manifest.")
    return manifest, problems
