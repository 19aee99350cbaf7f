"""The media half of a backup, read and written only through Django's storage API.

Nothing here touches MEDIA_ROOT or ``storage.path()``: a bucket has neither, and a backup that
looked at the local folder while uploads went to a bucket would hold no photos at all.
"""

import hashlib
import posixpath
import tempfile

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.db import models

MEMBER_PREFIX = "media/"
# Up to this size a file is copied in memory on its way into the archive; larger ones spill to disk.
SPOOL_BYTES = 16 * 1024 * 1024
# Enough names to find the files in question without flooding the drill's report.
NAMES_SHOWN = 10


def media_names(storage) -> list[str]:
    """Every file's storage name, walking the folders (or a bucket's prefixes) recursively."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            if folder:
                raise
            return []  # a local storage whose folder nothing was ever uploaded to
        names += [posixpath.join(folder, name) for name in files]
        folders += [posixpath.join(folder, name) for name in subfolders]
    return sorted(names)


def _copy(storage, name, target) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as source:
        for chunk in source.chunks():
            digest.update(chunk)
            if target is not None:
                target.write(chunk)
    return digest.hexdigest()


def media_checksums(storage) -> dict[str, str]:
    """The SHA-256 of every file's bytes, by storage name."""
    return {name: _copy(storage, name, None) for name in media_names(storage)}


def media_archive(*, storage, tar, mtime: float) -> dict[str, str]:
    """Add every file of ``storage`` to ``tar`` under ``media/<name>``; return their checksums."""
    checksums = {}
    for name in media_names(storage):
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
            checksums[name] = _copy(storage, name, copy)
            info = tar.tarinfo(MEMBER_PREFIX + name)
            info.size = copy.tell()
            info.mtime = mtime
            info.mode = 0o644
            copy.seek(0)
            tar.addfile(info, copy)
    return checksums


def media_unpack(*, member, fileobj, storage) -> str | None:
    """Save one archive member into ``storage`` under its own name; say why not if it fails."""
    name = member.name.removeprefix(MEMBER_PREFIX)
    try:
        saved = storage.save(name, File(fileobj, name=name))
    except SuspiciousFileOperation:
        return f"archive: refused the unsafe name {member.name!r}"
    if saved != name:
        return f"archive: {name} is in it twice"
    return None


def media_referenced() -> set[str]:
    """The storage names the database's file fields point to (renditions aside)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                )
    return names


def some_names(names) -> str:
    names = sorted(names)
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" (and {len(names) - NAMES_SHOWN} more)"
    return shown


def media_compare(
    source: dict[str, str], copy: dict[str, str], *, referenced: set[str]
) -> list[str]:
    """What the copy lacks or holds differently, by name.

    An empty source only passes when it is truly empty: if the database names files, a storage
    that lists none is the wrong one or unreachable, and the backup of it proves nothing.
    """
    if not source:
        if referenced:
            return [
                f"media: the source storage lists no files, yet the database names "
                f"{len(referenced)} (e.g. {some_names(referenced)}): is the media storage the "
                f"right one, and reachable?"
            ]
        if copy:
            return [f"media in the copy but not in the source: {some_names(copy)}"]
        return []
    if not copy:
        return [f"media: the source holds {len(source)} files, the copy none"]
    mismatches = []
    missing = set(source) - set(copy)
    extra = set(copy) - set(source)
    different = {name for name in set(source) & set(copy) if source[name] != copy[name]}
    if missing:
        mismatches.append(f"media missing from the copy: {some_names(missing)}")
    if different:
        mismatches.append(f"media differs from the source: {some_names(different)}")
    if extra:
        mismatches.append(f"media in the copy but not in the source: {some_names(extra)}")
    return mismatches
