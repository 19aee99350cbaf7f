from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_file(media_root):
    path = Path(media_root) / "products" / "2026" / "a1b2c3.webp"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"RIFF\x1a\x00\x00\x00WEBPVP8 ")
    return path


def test_uploaded_media_is_served_with_its_type_nosniff_and_a_long_cache(client, stored_file):
    response = client.get("/media/products/2026/a1b2c3.webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/media/../config/settings.py", "/media/%2e%2e/config/settings.py", "/media/products/"]
)
def test_nothing_outside_the_media_folder_is_served(client, stored_file, path):
    response = client.get(path)
    # A path that climbs out is refused as suspicious (400); a folder is not listed (404).
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_pictures_are_sent_as_they_are_to_a_browser_that_accepts_gzip(client, stored_file):
    response = client.get("/media/products/2026/a1b2c3.webp", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
