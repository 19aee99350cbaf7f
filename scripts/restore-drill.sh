#!/usr/bin/env bash
# Proves a backup restores (manage.py restore_drill): restores into a scratch database and a
# scratch media storage, then compares row counts, the orders checksum and every media file.
# With DATABASE_URL set it drills that site, its media storage (a folder or a bucket) included,
# passing on any arguments (--latest drills the newest stored archive instead of a new one).
# Without it, a throwaway PostgreSQL and media folder are filled with the demo content, an
# archive is written to a throwaway backups folder, and that stored archive is drilled.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
if [ -n "${DATABASE_URL:-}" ]; then
  exec "$PY" manage.py restore_drill "$@"
fi
# Empty values win over .env: the demo must not reach a real bucket.
export AWS_STORAGE_BUCKET_NAME="" BACKUP_BUCKET="" MEDIA_ROOT BACKUP_LOCATION
MEDIA_ROOT="$(mktemp -d /tmp/galeri-drill-media.XXXXXX)"
BACKUP_LOCATION="$(mktemp -d /tmp/galeri-drill-backups.XXXXXX)"
trap 'rm -rf "$MEDIA_ROOT" "$BACKUP_LOCATION"' EXIT
PYTHON="$PY" scripts/with-postgres.sh bash -c "
  DEBUG=1 $PY manage.py migrate --no-input -v 0 &&
  DEBUG=1 $PY manage.py seed_demo > /dev/null &&
  DEBUG=1 $PY manage.py backup &&
  DEBUG=1 $PY manage.py restore_drill --latest"
