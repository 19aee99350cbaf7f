import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import StaffFactory, UserFactory


@pytest.fixture
def staf_dinas(db):
    """A member of the district staff who reviews vendors: staff, in the "Staf Dinas" group only."""
    user = StaffFactory(email="dewi.dinas@purwakartakab.go.id", full_name="Dewi Lestari")
    user.groups.add(Group.objects.get(name="Staf Dinas"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin.dinas@purwakartakab.go.id", is_staff=True, is_superuser=True)


def image_bytes(fmt="JPEG", size=(400, 300), color=(154, 52, 18)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def jpeg_upload(name="logo.jpg", size=(400, 300)):
    return SimpleUploadedFile(name, image_bytes("JPEG", size), content_type="image/jpeg")


def png_upload(name="foto.png", size=(400, 300)):
    return SimpleUploadedFile(name, image_bytes("PNG", size), content_type="image/png")
