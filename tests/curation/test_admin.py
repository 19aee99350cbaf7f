"""Curation in the admin: the check page, the products' filter and column, the checklists."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from curation.models import Checklist, CurationCheck, State, curation_state
from curation.services import curation_recheck_request
from products.models import Product
from tests.factories import ProductFactory, ProductImageFactory, UserFactory
from tests.products.test_admin import change_form_data

from .helpers import check, points_of

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def check_url(product):
    return admin_url("admin:products_product_curation_check", product.pk)


def logged_in(client, user):
    client.force_login(user)
    return client


def form_answers(product, failed=None, note=""):
    failed = failed or {}
    data = {"note": note}
    for n, item in enumerate(points_of(product)):
        data[f"point-{item.pk}"] = "fail" if n in failed else "pass"
        data[f"note-{item.pk}"] = failed.get(n, "")
    return data


def test_staf_galeri_checks_a_product_on_its_check_page(client, staf_galeri, food):
    client = logged_in(client, staf_galeri)
    page = client.get(check_url(food))
    assert page.status_code == 200
    html = page.content.decode()
    for item in points_of(food):  # the admin speaks Indonesian
        assert item.text_id in html
    assert 'name="csrfmiddlewaretoken"' in html
    response = client.post(check_url(food), form_answers(food, note="Semua baik."))
    assert response.status_code == 302
    assert response["Location"] == admin_url("admin:products_product_change", food.pk)
    recorded = CurationCheck.objects.get(product=food)
    assert (recorded.outcome, recorded.by, recorded.note) == ("passed", staf_galeri, "Semua baik.")


def test_a_failed_check_from_the_page_emails_the_vendor(
    client, staf_galeri, food, django_capture_on_commit_callbacks
):
    client = logged_in(client, staf_galeri)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url(food), form_answers(food, failed={4: "Segel robek"}))
    assert response.status_code == 302
    assert curation_state(food) == State.FAILED
    assert len(mail.outbox) == 1
    assert "Segel robek" in mail.outbox[0].body


def test_an_unanswered_point_shows_an_error_and_records_nothing(client, staf_galeri, food):
    client = logged_in(client, staf_galeri)
    data = form_answers(food)
    del data[f"point-{points_of(food)[0].pk}"]
    response = client.post(check_url(food), data)
    assert response.status_code == 200
    with translation.override("id"):
        assert gettext("Say whether this point passed.") in response.content.decode()
    assert not CurationCheck.objects.exists()


def test_staf_dinas_and_a_vendor_are_refused_the_check_page(client, staf_dinas, food):
    for user in (staf_dinas, UserFactory(email="bukan.staf@contoh.id")):
        client = logged_in(client, user)
        response = client.get(check_url(food))
        posted = client.post(check_url(food), form_answers(food))
        if user.is_staff:
            assert (response.status_code, posted.status_code) == (403, 403)
        else:  # not staff at all: the admin's login
            assert response.status_code == posted.status_code == 302
    assert not CurationCheck.objects.exists()


def test_the_check_page_says_when_a_category_has_no_checklist(client, staf_galeri, vendor):
    from products.models import Category

    product = ProductFactory(
        vendor=vendor, category=Category.objects.create(slug="baru", name_id="Baru", name_en="New")
    )
    response = logged_in(client, staf_galeri).get(check_url(product))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errornote"' in html
    assert "point-" not in html  # no form without points


def test_an_unknown_product_is_404(client, staf_galeri):
    assert logged_in(client, staf_galeri).get(check_url(Product(pk=999999))).status_code == 404


def test_the_product_list_filters_and_shows_the_curation_state(client, staf_galeri, vendor, food):
    passed = ProductFactory(vendor=vendor, category=food.category, name="Lolos")
    failed = ProductFactory(vendor=vendor, category=food.category, name="Gagal")
    waiting = ProductFactory(vendor=vendor, category=food.category, name="Menunggu")
    check(passed, staf_galeri)
    check(failed, staf_galeri, failed={0: "x"})
    check(waiting, staf_galeri, failed={0: "x"})
    curation_recheck_request(product=waiting, by=vendor.user)
    client = logged_in(client, staf_galeri)
    changelist = admin_url("admin:products_product_changelist")
    expected = {"passed": passed, "failed": failed, "awaiting": waiting, "not_checked": food}
    for value, product in expected.items():
        response = client.get(changelist, {"curation": value})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [product], value
        with translation.override("id"):
            assert str(State(value).label) in response.content.decode()
    assert len(client.get(changelist).context["cl"].result_list) == 4


def test_the_change_page_links_to_the_check_and_lists_past_checks(
    client, staf_galeri, staf_dinas, food
):
    check(food, staf_galeri, failed={2: "Berat tidak tertulis"}, note="Cetak ulang label")
    curation_recheck_request(product=food, by=food.vendor.user, note="Sudah dicetak ulang")
    change = admin_url("admin:products_product_change", food.pk)
    html = logged_in(client, staf_galeri).get(change).content.decode()
    assert check_url(food) in html
    assert "Berat tidak tertulis" in html
    assert "Cetak ulang label" in html
    assert "Sudah dicetak ulang" in html
    # Staf Dinas see the history but not the way to record a check.
    html = logged_in(client, staf_dinas).get(change).content.decode()
    assert "Berat tidak tertulis" in html
    assert check_url(food) not in html


def test_checks_are_read_only_in_the_admin(client, staf_galeri, food):
    recorded = check(food, staf_galeri, failed={0: "x"})
    client = logged_in(client, staf_galeri)
    change = admin_url("admin:curation_curationcheck_change", recorded.pk)
    page = client.get(change)
    assert page.status_code == 200
    assert "x" in page.content.decode()
    assert client.post(change, {"outcome": "passed"}).status_code == 403
    assert client.get(admin_url("admin:curation_curationcheck_add")).status_code == 403
    delete = admin_url("admin:curation_curationcheck_delete", recorded.pk)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    recorded.refresh_from_db()
    assert recorded.outcome == "failed"


def test_staff_add_a_point_to_a_checklist_and_never_delete_one(client, staf_galeri, food):
    checklist = Checklist.objects.for_product(food)
    client = logged_in(client, staf_galeri)
    change = admin_url("admin:curation_checklist_change", checklist.pk)
    page = client.get(change)
    assert page.status_code == 200
    data = change_form_data(page)
    n = int(data["items-TOTAL_FORMS"])
    data.update(
        {
            "items-TOTAL_FORMS": n + 1,
            f"items-{n}-text_id": "Tidak ada serangga atau jamur",
            f"items-{n}-text_en": "No insects or mould",
            f"items-{n}-position": 60,
            f"items-{n}-is_active": "on",
        }
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert points_of(food)[-1].text_en == "No insects or mould"
    delete = admin_url("admin:curation_checklist_delete", checklist.pk)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Checklist.objects.filter(pk=checklist.pk).exists()


def test_the_food_fields_are_edited_in_the_admin(client, staf_dinas, vase):
    ProductImageFactory(product=vase)
    client = logged_in(client, staf_dinas)
    change = admin_url("admin:products_product_change", vase.pk)
    page = client.get(change)
    assert "P-IRT" in page.content.decode()
    data = change_form_data(
        page, food_override="true", pirt_number="2063214010123", shelf_life_days=90
    )
    refused = client.post(change, data)
    assert refused.status_code == 200  # 13 digits: not a P-IRT number
    assert "pirt_number" in refused.context["adminform"].form.errors
    data["pirt_number"] = "206321401012345"
    response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    vase.refresh_from_db()
    assert (vase.food_override, vase.pirt_number, vase.shelf_life_days) == (
        True,
        "206321401012345",
        90,
    )
    assert vase.is_food
