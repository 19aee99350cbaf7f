#!/usr/bin/env bash
# Backs up and restores into a scratch database, then compares (manage.py restore_drill).
# With DATABASE_URL set it drills that database. Without it, a throwaway PostgreSQL is filled
# with the demo content first, so the drill has real rows and media to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
if [ -n "${DATABASE_URL:-}" ]; then
  exec "$PY" manage.py restore_drill
fi
export MEDIA_ROOT
MEDIA_ROOT="$(mktemp -d /tmp/galeri-drill-media.XXXXXX)"
trap 'rm -rf "$MEDIA_ROOT"' EXIT
PYTHON="$PY" scripts/with-postgres.sh bash -c "
  DEBUG=1 $PY manage.py migrate --no-input -v 0 &&
  DEBUG=1 $PY manage.py seed_demo > /dev/null &&
  DEBUG=1 $PY manage.py restore_drill"
