"""Bar 4: every transition of a product's check, the intake gate, the vendor told by email."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from curation.models import (
    CheckedPoint,
    Checklist,
    ChecklistItem,
    CurationCheck,
    RecheckRequest,
    State,
    curation_state,
    with_curation_state,
)
from curation.services import (
    CurationError,
    CurationPermissionError,
    curation_check_record,
    curation_recheck_request,
)
from gallery import services as stock
from gallery.models import StockLevel, StockMovement
from products.models import Category, Product
from tests.factories import OutletFactory, ProductFactory, StaffFactory, curated

from .helpers import answers, check, points_of

pytestmark = pytest.mark.django_db


def state(product):
    return curation_state(Product.objects.get(pk=product.pk))


def test_a_product_nobody_checked_is_not_checked(food):
    assert state(food) == State.NOT_CHECKED


def test_a_check_where_every_point_passed_passes_and_records_who_when_and_each_point(
    food, staf_galeri
):
    result = check(food, staf_galeri, note="Label rapi.")
    assert result.outcome == CurationCheck.Outcome.PASSED
    assert (result.by, result.note) == (staf_galeri, "Label rapi.")
    assert result.at is not None
    points = list(result.points.all())
    # Food is checked on its permits and label: the food checklist of Kuliner & Oleh-oleh.
    assert [p.text_id for p in points] == [item.text_id for item in points_of(food)]
    assert any("Kemasan" in p.text_id for p in points)
    assert all(p.passed for p in points)
    assert state(food) == State.PASSED
    assert mail.outbox == []
    assert LogEntry.objects.filter(object_id=str(food.pk), user=staf_galeri).exists()


def test_a_craft_is_checked_on_its_finishing_size_material_and_photos(vase, staf_galeri):
    texts = [item.text_en for item in points_of(vase)]
    assert texts == [
        "The finishing is neat: no cracks, flaws or sharp edges",
        "The size is as described",
        "The material is as described",
        "The photos are true to the item",
    ]


def test_one_failed_point_fails_the_check_and_emails_the_vendor_every_failed_point(
    food, staf_galeri, django_capture_on_commit_callbacks
):
    points = points_of(food)
    with django_capture_on_commit_callbacks(execute=True):
        result = check(
            food,
            staf_galeri,
            failed={0: "Nomor P-IRT di label beda", 4: "Plastik bocor"},
            note="Perbaiki label dan kemasan.",
        )
    assert result.outcome == CurationCheck.Outcome.FAILED
    assert state(food) == State.FAILED
    assert [p.passed for p in result.points.all()] == [False, True, True, True, False]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [food.vendor.user.email]
    assert food.name in email.body
    # Indonesian, the vendor's language: both failed points with their notes, not the others.
    assert f"- {points[0].text_id}: Nomor P-IRT di label beda" in email.body
    assert f"- {points[4].text_id}: Plastik bocor" in email.body
    assert points[1].text_id not in email.body
    assert "Perbaiki label dan kemasan." in email.body
    assert "/dasbor/produk/" in email.body


def test_the_email_is_in_the_vendors_language(
    food, staf_galeri, django_capture_on_commit_callbacks
):
    food.vendor.language = "en"
    food.vendor.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        check(food, staf_galeri, failed={3: "No date on the pack"})
    body = mail.outbox[0].body
    assert "- The label shows the expiry date: No date on the pack" in body
    assert "Label mencantumkan" not in body


def test_failed_then_asked_then_passed(food, staf_galeri):
    check(food, staf_galeri, failed={2: "Berat tidak tertulis"})
    assert state(food) == State.FAILED
    request = curation_recheck_request(product=food, by=food.vendor.user, note="Label baru dicetak")
    assert request.curation_check == CurationCheck.objects.get(product=food)
    assert (request.by, request.note) == (food.vendor.user, "Label baru dicetak")
    assert state(food) == State.AWAITING
    check(food, staf_galeri)
    assert state(food) == State.PASSED


def test_failed_then_asked_then_failed_again_then_asked_again(food, staf_galeri):
    check(food, staf_galeri, failed={1: "Tanpa komposisi"})
    curation_recheck_request(product=food, by=food.vendor.user)
    check(food, staf_galeri, failed={1: "Masih tanpa komposisi"})
    assert state(food) == State.FAILED
    curation_recheck_request(product=food, by=food.vendor.user)
    assert state(food) == State.AWAITING
    assert RecheckRequest.objects.filter(curation_check__product=food).count() == 2


def test_a_passed_product_checked_again_may_fail(food, staf_galeri):
    check(food, staf_galeri)
    check(food, staf_galeri, failed={4: "Kemasan baru tidak tersegel"})
    assert state(food) == State.FAILED


@pytest.mark.parametrize("before", ["not_checked", "passed"])
def test_a_new_check_can_be_asked_for_only_after_a_failure(food, staf_galeri, before):
    if before == "passed":
        check(food, staf_galeri)
    with pytest.raises(CurationError, match="only after a failed check"):
        curation_recheck_request(product=food, by=food.vendor.user)
    assert not RecheckRequest.objects.exists()
    assert state(food) == State(before)


def test_a_new_check_is_asked_for_once_per_failure(food, staf_galeri):
    check(food, staf_galeri, failed={0: "x"})
    curation_recheck_request(product=food, by=food.vendor.user)
    with pytest.raises(CurationError, match="already asked"):
        curation_recheck_request(product=food, by=food.vendor.user)
    assert RecheckRequest.objects.count() == 1


def test_another_vendor_cannot_ask_for_a_new_check(food, vase, staf_galeri):
    check(food, staf_galeri, failed={0: "x"})
    for somebody in (vase.vendor.user, staf_galeri):
        with pytest.raises(CurationPermissionError):
            curation_recheck_request(product=food, by=somebody)
    assert state(food) == State.FAILED


def test_checking_needs_the_permission(food, staf_dinas):
    for somebody in (staf_dinas, food.vendor.user, StaffFactory(email="tanpa.grup@contoh.id")):
        with pytest.raises(CurationPermissionError):
            check(food, somebody)
    assert not CurationCheck.objects.exists()
    assert state(food) == State.NOT_CHECKED


def test_nobody_checks_their_own_business_products(food, staf_galeri):
    food.vendor.user.groups.add(*staf_galeri.groups.all())
    owner = type(food.vendor.user).objects.get(pk=food.vendor.user_id)
    with pytest.raises(CurationPermissionError, match="own"):
        check(food, owner)
    assert not CurationCheck.objects.exists()


def test_every_point_in_use_must_be_answered(food, staf_galeri):
    points = answers(food)
    unanswered = points_of(food)[2]
    del points[unanswered.pk]
    with pytest.raises(CurationError) as refused:
        curation_check_record(product=food, by=staf_galeri, points=points)
    assert unanswered.text in str(refused.value)
    assert not CurationCheck.objects.exists()
    assert not CheckedPoint.objects.exists()


def test_a_point_of_another_checklist_is_refused(food, vase, staf_galeri):
    points = {**answers(food), points_of(vase)[0].pk: (True, "")}
    with pytest.raises(CurationError):
        curation_check_record(product=food, by=staf_galeri, points=points)
    assert not CurationCheck.objects.exists()


def test_a_retired_point_is_no_longer_asked_and_the_old_check_keeps_its_text(food, staf_galeri):
    first = check(food, staf_galeri)
    retired = points_of(food)[0]
    ChecklistItem.objects.filter(pk=retired.pk).update(is_active=False, text_id="Diubah")
    second = check(food, staf_galeri)
    assert second.points.count() == first.points.count() - 1
    assert first.points.get(item=retired).text_id != "Diubah"


def test_a_subcategory_with_its_own_checklist_uses_it(food, staf_galeri):
    own = Checklist.objects.create(category=food.category)
    own.items.create(text_id="Warna gula merata", text_en="Even colour", position=1)
    result = check(food, staf_galeri)
    assert [p.text_en for p in result.points.all()] == ["Even colour"]


def test_a_category_without_a_checklist_cannot_be_checked(staf_galeri, vendor):
    new = Category.objects.create(slug="lain-lain", name_id="Lain-lain", name_en="Others")
    product = ProductFactory(vendor=vendor, category=new)
    with pytest.raises(CurationError, match="no curation checklist"):
        curation_check_record(product=product, by=staf_galeri, points={})


def test_the_state_annotation_filters_products_by_state(food, vase, staf_galeri, vendor):
    never = ProductFactory(vendor=vendor, category=food.category)
    waiting = ProductFactory(vendor=vendor, category=food.category)
    check(food, staf_galeri)
    check(vase, staf_galeri, failed={0: "Retak"})
    check(waiting, staf_galeri, failed={0: "x"})
    curation_recheck_request(product=waiting, by=vendor.user)
    annotated = with_curation_state(Product.objects.all())
    assert dict(annotated.values_list("pk", "curation_state")) == {
        food.pk: "passed",
        vase.pk: "failed",
        never.pk: "not_checked",
        waiting.pk: "awaiting",
    }
    assert list(annotated.filter(curation_state="awaiting")) == [waiting]


# --- The intake -----------------------------------------------------------------------------


def receive(product, outlet, quantity=5):
    return stock.delivery_receive(
        vendor=product.vendor,
        outlet=outlet,
        lines=[(product, quantity)],
        by=None,
        reference="SJ-1",
    )


def nothing_moved():
    return not StockMovement.objects.exists() and not StockLevel.objects.exists()


def test_a_failed_product_is_kept_out_of_an_intake_and_nothing_moves(vase, outlet, staf_galeri):
    check(vase, staf_galeri, failed={1: "Lebih kecil dari deskripsi"})
    with pytest.raises(stock.StockError, match="failed its curation check"):
        receive(vase, outlet)
    assert nothing_moved()


def test_one_failed_product_keeps_the_whole_delivery_out(vase, outlet, staf_galeri):
    good = ProductFactory(vendor=vase.vendor, category=vase.category)
    check(good, staf_galeri)
    check(vase, staf_galeri, failed={0: "Retak"})
    with pytest.raises(stock.StockError, match=vase.name):
        stock.delivery_receive(
            vendor=vase.vendor,
            outlet=outlet,
            lines=[(good, 2), (vase, 3)],
            by=None,
            reference="SJ-2",
        )
    assert nothing_moved()


def test_a_product_waiting_for_its_new_check_is_kept_out(vase, outlet, staf_galeri):
    check(vase, staf_galeri, failed={0: "Retak"})
    curation_recheck_request(product=vase, by=vase.vendor.user)
    with pytest.raises(stock.StockError, match="waiting for a new curation check"):
        receive(vase, outlet)
    assert nothing_moved()


def test_a_never_checked_product_is_refused_at_its_first_intake_at_an_outlet(vase, outlet):
    with pytest.raises(stock.StockError, match="has not been checked yet"):
        receive(vase, outlet)
    assert nothing_moved()


def test_a_product_on_the_shelf_before_checks_began_comes_in_again_only_at_that_outlet(
    vase, outlet
):
    stock.stock_receive(outlet=outlet, product=vase, quantity=2, by=None)
    receive(vase, outlet, 3)
    assert StockLevel.objects.get(outlet=outlet, product=vase).on_hand == 5
    with pytest.raises(stock.StockError, match="has not been checked yet"):
        receive(vase, OutletFactory())


def test_a_passed_product_comes_in_anywhere_until_it_fails_a_later_check(vase, outlet, staf_galeri):
    check(vase, staf_galeri)
    receive(vase, outlet)
    receive(vase, OutletFactory())
    check(vase, staf_galeri, failed={3: "Foto terlalu diedit"})
    with pytest.raises(stock.StockError):
        receive(vase, outlet)
    assert StockMovement.objects.count() == 2


def test_the_factory_helper_gives_a_passed_check(vase, outlet):
    curated(vase)
    receive(vase, outlet)
    assert state(vase) == State.PASSED
