"""When PostgreSQL goes away the site answers 503 with the branded page, and recovers by itself.

This stops and restarts the throwaway server that `make test` started (scripts/with-postgres.sh
exports how), with a real gunicorn serving the site in between. Run against a server of its own
(DATABASE_URL set beforehand) it has nothing it may stop, and skips; in CI (``CI=true``) it must
run, so there it fails instead.
"""

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)


def missing():
    """What this test needs and does not have, or None."""
    if not os.environ.get("GALERI_PG_CTL"):
        return "needs the throwaway PostgreSQL of `make test` (scripts/with-postgres.sh)"
    if not os.access(os.environ["GALERI_PG_CTL"], os.X_OK):
        return f"cannot run {os.environ['GALERI_PG_CTL']}"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runs pg_ctl as the postgres user through runuser (util-linux), which is missing"
    if importlib.util.find_spec("gunicorn") is None:
        return "needs gunicorn"
    return None


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def fault_tools():
    if reason := missing():
        if in_ci():
            pytest.fail(
                f"CI must prove the site survives a database outage, but this test {reason}"
            )
        pytest.skip(reason)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def pg_ctl(*args):
    command = [os.environ["GALERI_PG_CTL"], "-D", os.environ["GALERI_PG_DATA"], *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def site():
    db = settings.DATABASES["default"]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: fetch(url + "/healthz")[0] == 200, 30), "gunicorn did not start"
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        # The suite's own connections died with the server: drop them so later tests reconnect.
        connections.close_all()


def test_site_answers_503_while_postgresql_is_down_and_recovers_by_itself(site):
    assert fetch(site + "/")[0] == 200
    pg_ctl("stop", "-m", "fast", "-w")
    try:
        status, body = fetch(site + "/healthz")
        assert status == 503
        assert '"database": "down"' in body

        status, body = fetch(site + "/produk/")
        assert status == 503
        assert "Galeri <span>Menong</span>" in body
        assert "Traceback" not in body
    finally:
        pg_ctl("start", "-w", "-l", os.environ["GALERI_PG_LOG"])

    assert wait_for(lambda: fetch(site + "/healthz")[0] == 200, 30)
    assert wait_for(lambda: fetch(site + "/produk/")[0] == 200, 30)
