"""Input nobody can read answers 400 with the branded page, never a 500: a query string with
more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, a NUL byte in any filter, a year beyond any
calendar in a date drill-down. Every admin list and every CSV export is tried, as the superuser,
so a list added later is covered too."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from backoffice.exports import EXPORTS
from tests.factories import UserFactory, VendorFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
TOO_MANY = "&".join(f"p{i}=1" for i in range(1001))
BRANDED_400 = "Kami tidak dapat memahami permintaan itu"  # the Indonesian page's title


@pytest.fixture
def superuser_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(email="admin@contoh.id", is_staff=True, is_superuser=True))
    return client


def admin_lists():
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        filters = [f for f in model_admin.list_filter if isinstance(f, str)]
        filters += [f[0] for f in model_admin.list_filter if isinstance(f, tuple)]
        yield url, filters, model_admin.date_hierarchy


def bad_queries(filters, date_hierarchy):
    queries = [
        "q=%00",
        *(f"{name}__exact=%00" for name in filters),
        *(f"{name}=%00" for name in filters),
    ]
    if date_hierarchy:
        queries += [
            f"{date_hierarchy}__year={HUGE}",
            f"{date_hierarchy}__year=2026&{date_hierarchy}__month={HUGE}",
            f"{date_hierarchy}__year=2026&{date_hierarchy}__month=1&{date_hierarchy}__day={HUGE}",
        ]
    return queries


def test_no_admin_list_fails_on_nul_bytes_or_impossible_dates(superuser_client):
    wrong, tried = [], 0
    for url, filters, date_hierarchy in admin_lists():
        for query in bad_queries(filters, date_hierarchy):
            tried += 1
            response = superuser_client.get(f"{url}?{query}")
            if response.status_code >= 500:
                wrong.append(f"{url}?{query}: {response.status_code}")
    assert tried > 60
    assert not wrong, "\n".join(wrong)


def test_no_csv_export_fails_on_nul_bytes_or_impossible_dates(superuser_client):
    lists = {url: (filters, hierarchy) for url, filters, hierarchy in admin_lists()}
    wrong = []
    for label in EXPORTS:
        app_label, model_name = label.split(".")
        export = reverse("admin:backoffice_report_export", args=[app_label, model_name])
        changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
        filters, hierarchy = lists.get(changelist, ([], None))
        for query in [*bad_queries(filters, hierarchy), f"placed_at__year={HUGE}"]:
            response = superuser_client.get(f"{export}?{query}")
            if response.status_code >= 500:
                wrong.append(f"{export}?{query}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_a_nul_byte_in_the_vendor_ledger_filter_is_a_bad_request():
    vendor = VendorFactory()
    client = Client(raise_request_exception=False)
    client.force_login(vendor.user)
    response = client.get("/dasbor/stok/riwayat/?galeri=%00")
    assert response.status_code == 400
    assert BRANDED_400 in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/produk/", "/en/produk/", "/keranjang/", "/dasbor/", "/admin/", "/kasir/"]
)
def test_more_than_a_thousand_parameters_is_a_branded_bad_request(superuser_client, path):
    response = superuser_client.get(f"{path}?{TOO_MANY}")
    assert response.status_code == 400
    html = response.content.decode()
    title = "We could not understand that request" if path.startswith("/en/") else BRANDED_400
    assert title in html
