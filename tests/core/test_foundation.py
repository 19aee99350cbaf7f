import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client

from core.templatetags.rupiah import format_rupiah
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 150000


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_health_check_reports_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "vendor": "postgresql",
        "cache": "up",
        "queue": {"oldest_task_seconds": None, "failed_emails": 0},
    }


def test_health_check_answers_503_when_the_database_is_dead():
    # A separate process, so the suite's own connection stays untouched.
    script = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE']='tests.settings';"
        "django.setup();"
        "from django.test import Client;"
        "r=Client().get('/healthz');"
        "print(r.status_code, r.json()['database'])"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "503 down", result.stderr[-2000:]


def test_home_page_header_speaks_indonesian_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Lewati ke konten" in html
    assert ">Produk<" in html
    assert ">Keranjang" in html


def test_home_page_header_speaks_english_under_en():
    client = Client()
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert ">Products<" in html
    assert ">Cart" in html


def test_language_switcher_moves_to_the_english_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/produk/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/produk/"


def test_unknown_page_shows_the_branded_404(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert "Galeri <span>Menong</span>" in html


def test_csrf_failure_shows_the_branded_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": "a@b.id", "password": "x"})
    assert response.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in response.content.decode()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (150000, "Rp150.000"),
        (12000, "Rp12.000"),
        (0, "Rp0"),
        (1_250_000, "Rp1.250.000"),
        (-5000, "-Rp5.000"),
    ],
)
def test_rupiah_is_written_the_indonesian_way(amount, expected):
    assert format_rupiah(amount) == expected
    assert Template("{{ amount|rupiah }}").render(Context({"amount": amount})) == expected


def test_rupiah_filter_ignores_what_is_not_a_number():
    assert format_rupiah("abc") == ""
    assert format_rupiah(None) == ""


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_settings_are_production_safe_by_default():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_seventeen_kecamatan_are_loaded():
    from core.models import Kecamatan

    assert Kecamatan.objects.count() == 17
    assert Kecamatan.objects.get(code="32.14.04").name == "Plered"


def test_deploy_checks_pass_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-4f9c2b7e1d8a6c3e5b0f9d2a7c4e1b8d",
        "ALLOWED_HOSTS": "galerimenong.purwakartakab.go.id",
        "DATABASE_URL": settings.DATABASES["default"].get("TEST_URL", "postgres://x@127.0.0.1:9/x"),
        "CACHE_URL": "redis://127.0.0.1:6379/1",
    }
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr

    # Without a shared cache, several workers would each keep their own rate-limit counts.
    del env["CACHE_URL"]
    result = deploy_check(env)
    assert result.returncode == 1
    assert "core.W001" in result.stderr


def deploy_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("template", ["404.html", "503.html"])
def test_the_branded_error_pages_render_while_every_query_fails(template, rf):
    """They share the site's footer, whose outlets come from the database."""
    OutletFactory(name="Galeri Menong Veteran")

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        html = render_to_string(template, request=rf.get("/"))
    assert "Galeri <span>Menong</span>" in html
    assert "Opening hours and directions" in html or "Jam buka dan petunjuk arah" in html
    assert "Galeri Menong Veteran" not in html


def test_pages_are_gzipped_for_browsers_that_accept_it_and_still_answer_304(client):
    import gzip

    client.get("/en/")  # sets the CSRF cookie the header's forms use
    response = client.get("/en/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "Galeri <span>Menong</span>" in html
    assert len(response.content) < len(html) / 2
    etag = response["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/en/", headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304
    assert client.get("/en/").content.decode().startswith("<!doctype html>")  # no gzip asked


def bare_manage(*args):
    """manage.py as a bare checkout runs it: no SECRET_KEY, no DEBUG."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": settings.DATABASES["default"].get("TEST_URL", ""),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env={key: value for key, value in env.items() if value},
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def test_a_bare_checkout_checks_its_migrations_but_serves_nothing_without_a_secret():
    result = bare_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    refused = bare_manage("check")
    assert refused.returncode != 0
    assert "Set the SECRET_KEY environment variable" in refused.stderr
