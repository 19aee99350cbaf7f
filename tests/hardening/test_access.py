"""Bar 1: every URL of the site answers each kind of visitor exactly what that visitor may get.

Every route is classified below (public page, account page, vendor dashboard, order page,
counter, staff admin), the admin's unnamed patterns too (``UNNAMED``). A route nobody classified
fails ``test_every_route_is_classified``: a new page needs a decision. Every route inside
``i18n_patterns`` is walked again at its English address under ``/en/``, with the same answers
(a redirect within the site stays under ``/en/``). Object URLs are built from real rows (vendor B's product, picture, statement
month, training seat, a shopper's order), and vendor B opens its own URLs successfully, so
vendor A's 404 on them proves the scoping rather than a missing row.

Admin pages: for the standard pages of each registered model the expected answer comes from the
group's actual permissions (view or change for the list, change and history, add, delete),
narrowed where the site deliberately refuses more than Django would (``NARROWED``: orders never
deleted, the ledger never edited, ...). The admin's own extra pages have their rule in
``ADMIN_PAGES``.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import NoReverseMatch
from django.utils import timezone

from backoffice.exports import EXPORTS
from counter.models import Sale, SaleReturn, Shift, StockCount
from curation.models import CurationCheck, RecheckRequest
from gallery.models import StockMovement
from orders.models import Order
from products.models import Product, ProductImage
from tests.factories import SubmittedVendorFactory
from training.models import SignUp
from vendors.models import Vendor, VendorImage

from .dbstate import changed_tables, database_fingerprint
from .urlwalk import DEFAULT_LANGUAGE, all_routes, build, chain_of, reverse
from .world import build_world

pytestmark = pytest.mark.django_db

ROUTES = all_routes()

LOGIN = "/akun/masuk/?next="
ADMIN_LOGIN = "/admin/login/?next="


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""  # the start of the redirect target, when it matters

    def matches(self, response):
        if response.status_code != self.status:
            return False
        return not self.location or response.get("Location", "").startswith(self.location)

    def __str__(self):
        return f"{self.status}{' → ' + self.location if self.location else ''}"

    def under(self, language):
        """The same answer at an address in ``language``: a redirect within the site's
        translated pages stays in that language (the admin is not translated)."""
        if language == DEFAULT_LANGUAGE or not self.location.startswith("/"):
            return self
        if self.location.startswith("/admin/") or self.location.startswith(f"/{language}/"):
            return self
        return Answer(self.status, f"/{language}{self.location}")


OK = Answer(200)
FORBIDDEN = Answer(403)
NOT_FOUND = Answer(404)
POST_ONLY = Answer(405)
TO_LOGIN = Answer(302, LOGIN)
TO_ADMIN_LOGIN = Answer(302, ADMIN_LOGIN)

# --- Classification of every named route -------------------------------------------------------

# Pages anybody may open, with what a GET answers when it is not a plain 200.
PUBLIC = {
    "media": OK,
    "healthz": OK,
    "robots-txt": OK,
    "sitemap": OK,
    "set_language": Answer(302, "/"),
    "core:home": OK,
    "products:catalogue": OK,
    "products:product-detail": OK,
    "products:category-detail": OK,
    "vendors:vendor-list": OK,
    "vendors:vendor-detail": OK,
    "vendors:vendor-verify": Answer(400),  # a forged token
    "gallery:outlet-list": OK,
    "gallery:outlet-detail": OK,
    "training:session-list": OK,
    "training:session-detail": OK,
    "orders:cart": OK,
    "orders:cart-add": POST_ONLY,
    "orders:cart-update": POST_ONLY,
    "orders:cart-remove": POST_ONLY,
    "orders:checkout": Answer(302, "/keranjang/"),  # the cart is empty
    "orders:checkout-review": Answer(302, "/keranjang/"),
    "orders:checkout-place": POST_ONLY,
    "orders:order-lookup": OK,
    "accounts:signup": OK,
    "accounts:logout": POST_ONLY,
    "accounts:verify-email": Answer(400),  # a forged token
    "accounts:password-reset": OK,
    "accounts:password-reset-done": OK,
    "accounts:password-reset-confirm": OK,  # says the link is not valid
    "accounts:password-reset-complete": OK,
    "accounts:login": OK,  # a logged-in visitor goes home
    "vendors:vendor-register": OK,  # a vendor goes to its dashboard
    "feeds:google-id": OK,
    "feeds:google-en": OK,
    "feeds:meta-id": OK,
    "feeds:meta-en": OK,
    "affiliates:follow": Answer(302, "/"),  # a code nobody holds: on to the page, unattributed
}

# Pages of one's own account: a login first.
ACCOUNT = {
    "accounts:home": OK,
    "accounts:password-change": OK,
    "accounts:password-change-done": OK,
    "accounts:verify-email-resend": POST_ONLY,
    "orders:my-orders": OK,
    "affiliates:signup": OK,
    "affiliates:home": Answer(302, "/afiliasi/daftar/"),  # nobody in the walk is an affiliate
}

# The vendor dashboard: a login, then a business of one's own, then only its own objects.
VENDOR = {
    "dashboard-vendors:home": OK,
    "dashboard-vendors:submit": POST_ONLY,
    "dashboard-vendors:verification-resend": POST_ONLY,
    "dashboard-vendors:profile-edit": OK,
    "dashboard-vendors:pictures": OK,
    "dashboard-vendors:logo-upload": POST_ONLY,
    "dashboard-vendors:photos-add": POST_ONLY,
    "dashboard-vendors:picture-delete": POST_ONLY,
    "dashboard-products:product-list": OK,
    "dashboard-products:product-create": OK,
    "dashboard-products:product-update": OK,
    "dashboard-products:product-publish": POST_ONLY,
    "dashboard-products:product-archive": POST_ONLY,
    "dashboard-products:product-images": OK,
    "dashboard-products:image-alt": POST_ONLY,
    "dashboard-products:image-move": POST_ONLY,
    "dashboard-products:image-delete": OK,  # the confirmation page
    "dashboard-gallery:stock": OK,
    "dashboard-gallery:movement-list": OK,
    "dashboard-orders:order-lines": OK,
    "dashboard-training:session-list": OK,
    "dashboard-training:signup": POST_ONLY,
    "dashboard-training:cancel": POST_ONLY,
    "dashboard-backoffice:statement-list": OK,
    "dashboard-backoffice:statement-detail": OK,
    "dashboard-backoffice:marketplace-export": OK,
    "dashboard-backoffice:marketplace-export-csv": OK,
    "dashboard-backoffice:marketplace-export-xlsx": OK,
    "dashboard-curation:recheck": POST_ONLY,
}

# An order's pages: its owner (or a browser granted it by number and phone) only.
ORDER = {
    "orders:order-detail": OK,
    "orders:order-cancel": POST_ONLY,
}


# The outlet counter: staff with the counter permission who are assigned to the outlet (and
# superusers). Everybody else meets the login page or a 403 whatever the method. Callables take
# the user: the action needs a permission beyond selling.
def _needs(permission):
    return lambda user: OK if user.has_perm(permission) else FORBIDDEN


COUNTER_HOME = "/kasir/galeri-menong-ciseureuh/"
COUNTER = {
    "counter:home": Answer(302, COUNTER_HOME),  # one outlet: straight to its counter
    "counter:sell": OK,
    "counter:find": POST_ONLY,
    "counter:add": POST_ONLY,
    "counter:line-update": POST_ONLY,
    "counter:line-remove": POST_ONLY,
    "counter:line-discount": POST_ONLY,
    "counter:clear": POST_ONLY,
    "counter:checkout": Answer(302, COUNTER_HOME),  # the sale has no items yet
    "counter:catalogue": OK,
    "counter:sync": POST_ONLY,
    "counter:receipt-list": OK,
    "counter:receipt": OK,
    "counter:receipt-print": OK,
    "counter:receipt-whatsapp": POST_ONLY,
    "counter:receipt-void": _needs("counter.void_sale"),
    "counter:receipt-return": _needs("counter.take_return"),
    "counter:receipt-resolve": POST_ONLY,
    "counter:attention": OK,
    "counter:shift-list": OK,
    "counter:shift-open": OK,  # says a shift is open already
    "counter:shift-close": OK,
    "counter:shift-detail": OK,
    "counter:shift-approve": POST_ONLY,
    "counter:stockcount-list": _needs("counter.count_stock"),
    "counter:stockcount-start": _needs("counter.count_stock"),
    "counter:stockcount-detail": _needs("counter.count_stock"),
    "counter:stockcount-sheet": _needs("counter.count_stock"),
    "counter:stockcount-apply": _needs("counter.count_stock"),
    "counter:stockcount-cancel": POST_ONLY,
}
# The world's cashier and supervisor work at its outlet.
COUNTER_ROLES = ("staf_galeri", "supervisor", "superuser")


def counter_answer(role, user, name):
    if role not in COUNTER_ROLES:
        return TO_LOGIN if user is None else FORBIDDEN
    want = COUNTER[name]
    return want(user) if callable(want) else want


# The admin's pages that are not a model's standard pages, and who may open them (staff only;
# everybody else is sent to the admin's login).
ADMIN_PAGES = {
    "admin:index": lambda user, **kw: True,
    "admin:password_change": lambda user, **kw: True,
    "admin:password_change_done": lambda user, **kw: True,
    "admin:jsi18n": lambda user, **kw: True,
    "admin:gallery_outlet_labels": lambda user, **kw: user.has_perm("gallery.print_shelf_labels"),
    "admin:gallery_stocklevel_correct": lambda user, **kw: user.has_perm(
        "gallery.record_stock_movement"
    ),
    "admin:gallery_stockmovement_delivery": lambda user, **kw: user.has_perm(
        "gallery.record_stock_movement"
    ),
    "admin:backoffice_payout_overview": lambda user, **kw: user.has_perm("backoffice.view_payout"),
    "admin:backoffice_payout_account": lambda user, **kw: user.has_perm("backoffice.view_payout"),
    "admin:backoffice_payout_statement": lambda user, **kw: user.has_perm("backoffice.view_payout"),
    "admin:backoffice_report_changelist": lambda user, **kw: (
        user.has_perm("backoffice.view_figures")
        or any(_may_view(user, *label.split(".")) for label in EXPORTS)
    ),
    "admin:backoffice_report_export": lambda user, app_label, model_name, **kw: _may_view(
        user, app_label, model_name
    ),
    "admin:backoffice_report_export_xlsx": lambda user, app_label, model_name, **kw: _may_view(
        user, app_label, model_name
    ),
    "admin:training_trainingsession_attendees": lambda user, **kw: (
        user.has_perm("training.view_trainingsession") and user.has_perm("training.view_signup")
    ),
    "admin:products_product_curation_check": lambda user, **kw: user.has_perm(
        "curation.check_product"
    ),
    **{
        f"admin:backoffice_report_growth{page}": lambda user, **kw: user.has_perm(
            "backoffice.view_figures"
        )
        for page in ("", "_csv")
    },
    **{
        f"admin:backoffice_report_growth_vendor{page}": lambda user, **kw: (
            user.has_perm("backoffice.view_figures") and user.has_perm("vendors.view_vendor")
        )
        for page in ("", "_csv")
    },
}
# Admin pages with a fixed answer for staff.
ADMIN_FIXED = {
    "admin:login": Answer(302, "/admin/"),
    "admin:logout": POST_ONLY,
    "admin:autocomplete": FORBIDDEN,  # without a field to complete
    "admin:vendors_vendor_decide": POST_ONLY,  # the buttons on a vendor's change page
    "admin:affiliates_affiliate_decide": POST_ONLY,  # the same for an affiliate
    "admin:view_on_site": Answer(302, "http://testserver/umkm/"),
}
ADMIN_FIXED_FOR_OTHERS = {
    "admin:login": OK,
    "admin:logout": Answer(302, "/admin/"),
}

# The admin's patterns without a name, by pattern, and what staff get there (everybody else is
# sent to the admin's login). An object's bare address sends staff on to its change page,
# whatever their permissions: the change page decides (``_admin_object_redirect``).
UNNAMED = {
    "admin/(?P<url>.*)$": NOT_FOUND,  # the catch-all after every admin page
}
ADMIN_OBJECT_REDIRECT = re.compile(
    r"admin/(?P<app_label>\w+)/(?P<model_name>\w+)/<path:object_id>/"
)


def _admin_object_redirect(name):
    """(app_label, model_name) when ``name`` is the pattern of a registered model's bare object
    address, else None."""
    match = ADMIN_OBJECT_REDIRECT.fullmatch(name)
    if match is None:
        return None
    labels = {(m._meta.app_label, m._meta.model_name) for m in admin.site._registry}
    found = (match["app_label"], match["model_name"])
    return found if found in labels else None


# Where the admin refuses more than the permissions would allow, on purpose. ``never``: not
# even a superuser. The objects are the world's: vendor B and its product sold, the commission
# rate's month is over.
NEVER = "never"
NARROWED = {
    ("axes", "accessattempt"): {"add": NEVER},  # written by the login throttle only
    ("axes", "accesslog"): {"add": NEVER},
    ("axes", "accessfailurelog"): {"add": NEVER},
    ("vendors", "vendor"): {"add": NEVER, "delete": NEVER},  # registers itself; sold: kept
    ("products", "product"): {"delete": NEVER},  # sold: archived, never deleted
    ("gallery", "stocklevel"): {"add": NEVER, "delete": NEVER},  # the ledger's services only
    ("gallery", "stockmovement"): {"add": NEVER, "delete": NEVER},
    ("gallery", "batch"): {"add": NEVER, "delete": NEVER},
    ("orders", "order"): {"add": NEVER, "delete": NEVER},  # placed by shoppers, never deleted
    ("backoffice", "commissionrate"): {"delete": NEVER},  # its month is in a statement
    ("backoffice", "payout"): {"add": "backoffice.record_payout", "delete": NEVER},
    ("training", "signup"): {"add": NEVER, "delete": NEVER},  # vendors sign up themselves
    # The counter's records change only through its services, at the counter.
    ("counter", "shift"): {"add": NEVER, "delete": NEVER},
    ("counter", "sale"): {"add": NEVER, "delete": NEVER},
    ("counter", "salereturn"): {"add": NEVER, "delete": NEVER},
    ("counter", "stockcount"): {"add": NEVER, "delete": NEVER},
    # Checks are recorded on a product's check page; checklists' points are retired, not deleted.
    ("curation", "curationcheck"): {"add": NEVER, "delete": NEVER},
    ("curation", "checklist"): {"delete": NEVER},
    # Emails and their tasks are written by the outbox and the worker; staff read them.
    ("core", "outgoingemail"): {"add": NEVER, "delete": NEVER},
    ("django_tasks_database", "dbtaskresult"): {"add": NEVER, "delete": NEVER},
    # Affiliates apply themselves and are suspended rather than deleted; their payouts are
    # recorded by whoever may record payouts, and kept.
    ("affiliates", "affiliate"): {"add": NEVER, "delete": NEVER},
    ("affiliates", "affiliatepayout"): {
        "add": "affiliates.record_affiliatepayout",
        "delete": NEVER,
    },
    # Clicks, referred orders and earnings are written by the site as shoppers follow links and
    # orders are collected; an earning is reversed by its action, never deleted.
    **{
        ("affiliates", model): {"add": NEVER, "delete": NEVER}
        for model in ("affiliateclick", "affiliatereferral", "affiliateearning")
    },
}
STANDARD_ACTIONS = ("changelist", "add", "change", "delete", "history")


def _may_view(user, app_label, model_name):
    return user.has_perm(f"{app_label}.view_{model_name}") or user.has_perm(
        f"{app_label}.change_{model_name}"
    )


def _standard_admin_pages():
    pages = {}
    for model in admin.site._registry:
        opts = model._meta
        for action in STANDARD_ACTIONS:
            pages[f"admin:{opts.app_label}_{opts.model_name}_{action}"] = (
                opts.app_label,
                opts.model_name,
                action,
            )
    pages["admin:auth_user_password_change"] = ("accounts", "user", "password")
    return pages


STANDARD_ADMIN = _standard_admin_pages()


def _standard_admin_allows(user, app_label, model_name, action):
    rule = NARROWED.get((app_label, model_name), {}).get(action)
    if rule == NEVER:
        return False
    if rule is not None:
        return user.has_perm(rule)
    if action in ("changelist", "change", "history"):
        return _may_view(user, app_label, model_name)
    if action == "password":
        return user.has_perm(f"{app_label}.change_{model_name}")
    return user.has_perm(f"{app_label}.{action}_{model_name}")


def kind_of(name):
    if name in PUBLIC:
        return "public"
    if name in ACCOUNT:
        return "account"
    if name in VENDOR:
        return "vendor"
    if name in ORDER:
        return "order"
    if name in COUNTER:
        return "counter"
    if name in ADMIN_PAGES or name in ADMIN_FIXED or name == "admin:app_list":
        return "admin"
    if name in STANDARD_ADMIN or name in UNNAMED or _admin_object_redirect(name):
        return "admin"
    return None


# --- Real objects for the URLs -----------------------------------------------------------------


@dataclass
class Owned:
    """One vendor's objects, for the dashboard's object URLs."""

    vendor: Vendor
    product: Product
    image: ProductImage
    picture: VendorImage
    seat_session: object
    month: str


def owned_by_a(world):
    return Owned(
        world.vendor_a,
        world.product_a,
        world.image_a,
        world.picture_a,
        world.session,
        f"{timezone.localdate():%Y-%m}",
    )


def owned_by_b(world):
    return Owned(
        world.vendor_b,
        world.product_b,
        world.image_b,
        world.picture_b,
        world.session_b_only,
        world.statement_month_b,
    )


def _admin_object(world, app_label, model_name):
    chosen = {
        ("vendors", "vendor"): world.vendor_b,
        ("products", "product"): world.product_b,
        ("accounts", "user"): world.stranger,
        ("orders", "order"): world.order_b,
        ("gallery", "stocklevel"): world.stock_b,
        ("gallery", "stockmovement"): world.movement_b,
        ("gallery", "outlet"): world.outlet,
        ("training", "signup"): world.signup_b,
        ("counter", "shift"): world.shift,
        ("counter", "sale"): world.receipt,
        ("counter", "stockcount"): world.stock_count,
        ("curation", "curationcheck"): world.curation_check,
    }.get((app_label, model_name))
    if chosen is not None:
        return chosen
    model = next(
        m for m in admin.site._registry if m._meta.label_lower == f"{app_label}.{model_name}"
    )
    found = model._default_manager.order_by("pk").first()
    assert found is not None, f"the world has no {app_label}.{model_name} for its admin pages"
    return found


# Arguments of each route with arguments: route name -> function(world, owned) -> list of kwargs.
ARGUMENTS = {
    "media": lambda w, o: [{"path": w.media_name}],
    "admin:view_on_site": lambda w, o: [
        {
            "content_type_id": ContentType.objects.get_for_model(Vendor).pk,
            "object_id": w.vendor_b.pk,
        }
    ],
    "admin:app_list": lambda w, o: [
        {"app_label": label}
        for label in sorted({model._meta.app_label for model in admin.site._registry})
    ],
    "admin:gallery_outlet_labels": lambda w, o: [{"object_id": w.outlet.pk}],
    "admin:gallery_stocklevel_correct": lambda w, o: [{"pk": w.stock_b.pk}],
    "admin:backoffice_payout_account": lambda w, o: [{"vendor_id": w.vendor_b.pk}],
    "admin:backoffice_payout_statement": lambda w, o: [
        {"vendor_id": w.vendor_b.pk, "month": w.statement_month_b}
    ],
    "admin:backoffice_report_export": lambda w, o: [
        dict(zip(("app_label", "model_name"), label.split("."), strict=True)) for label in EXPORTS
    ],
    "admin:backoffice_report_export_xlsx": lambda w, o: [
        dict(zip(("app_label", "model_name"), label.split("."), strict=True)) for label in EXPORTS
    ],
    "admin:vendors_vendor_decide": lambda w, o: [
        {"object_id": w.vendor_b.pk, "decision": decision} for decision in ("approve", "suspend")
    ],
    "admin:training_trainingsession_attendees": lambda w, o: [{"pk": w.session_b_only.pk}],
    "admin:products_product_curation_check": lambda w, o: [{"object_id": w.product_b.pk}],
    "admin:backoffice_report_growth_csv": lambda w, o: [
        {"table": table} for table in ("months", "kecamatan", "categories", "quarters", "vendors")
    ],
    "admin:backoffice_report_growth_vendor": lambda w, o: [{"vendor_id": w.vendor_b.pk}],
    "admin:backoffice_report_growth_vendor_csv": lambda w, o: [{"vendor_id": w.vendor_b.pk}],
    "admin:affiliates_affiliate_decide": lambda w, o: [
        {"object_id": w.affiliate.pk, "decision": decision} for decision in ("approve", "reject")
    ],
    "affiliates:follow": lambda w, o: [{"code": "TIDAKADA"}],
    "accounts:verify-email": lambda w, o: [{"token": "eyJ1c2VyIjoxfQ:forged:token"}],
    "accounts:password-reset-confirm": lambda w, o: [{"uidb64": "MQ", "token": "forged-token"}],
    "vendors:vendor-verify": lambda w, o: [{"token": "eyJ1c2VyIjoxfQ:forged:token"}],
    "vendors:vendor-detail": lambda w, o: [{"slug": w.vendor_b.slug}],
    "products:product-detail": lambda w, o: [{"slug": w.product_b.slug}],
    "products:category-detail": lambda w, o: [{"slug": w.category.slug}],
    "gallery:outlet-detail": lambda w, o: [{"slug": w.outlet.slug}],
    "training:session-detail": lambda w, o: [{"pk": w.session.pk}],
    "orders:cart-update": lambda w, o: [{"product_id": w.product_b.pk}],
    "orders:cart-remove": lambda w, o: [{"product_id": w.product_b.pk}],
    "orders:order-detail": lambda w, o: [{"number": w.shoppers_order.number}],
    "orders:order-cancel": lambda w, o: [{"number": w.shoppers_order.number}],
    "dashboard-vendors:picture-delete": lambda w, o: [{"pk": o.picture.pk}],
    "dashboard-products:product-update": lambda w, o: [{"pk": o.product.pk}],
    "dashboard-products:product-publish": lambda w, o: [{"pk": o.product.pk}],
    "dashboard-products:product-archive": lambda w, o: [{"pk": o.product.pk}],
    "dashboard-products:product-images": lambda w, o: [{"pk": o.product.pk}],
    "dashboard-products:image-alt": lambda w, o: [{"pk": o.product.pk, "image_pk": o.image.pk}],
    "dashboard-products:image-move": lambda w, o: [{"pk": o.product.pk, "image_pk": o.image.pk}],
    "dashboard-products:image-delete": lambda w, o: [{"pk": o.product.pk, "image_pk": o.image.pk}],
    "dashboard-training:signup": lambda w, o: [{"pk": w.session.pk}],
    "dashboard-training:cancel": lambda w, o: [{"pk": o.seat_session.pk}],
    "dashboard-backoffice:statement-detail": lambda w, o: [{"month": o.month}],
    "dashboard-curation:recheck": lambda w, o: [{"pk": o.product.pk}],
    **{
        name: lambda w, o: [{"outlet": w.outlet.slug}] for name in COUNTER if name != "counter:home"
    },
    **{
        f"counter:{name}": lambda w, o: [{"outlet": w.outlet.slug, "number": w.receipt.number}]
        for name in (
            "receipt",
            "receipt-print",
            "receipt-whatsapp",
            "receipt-void",
            "receipt-return",
            "receipt-resolve",
        )
    },
    **{
        f"counter:{name}": lambda w, o: [{"outlet": w.outlet.slug, "pk": w.shift.pk}]
        for name in ("shift-detail", "shift-approve")
    },
    **{
        f"counter:{name}": lambda w, o: [{"outlet": w.outlet.slug, "pk": w.stock_count.pk}]
        for name in (
            "stockcount-detail",
            "stockcount-sheet",
            "stockcount-apply",
            "stockcount-cancel",
        )
    },
    **{
        f"counter:{name}": lambda w, o: [{"outlet": w.outlet.slug, "product_id": w.product_b.pk}]
        for name in ("line-update", "line-remove", "line-discount")
    },
}


def _takes_arguments(name):
    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


def urls_of(route, world, owned):
    """The route's URLs with real arguments, in the route's language: [(url, kwargs)]."""
    language = route.language
    if not route.named:
        if route.name in UNNAMED:
            return [(route.path, {})]
        app_label, model_name = _admin_object_redirect(route.name)
        kwargs = {"object_id": _admin_object(world, app_label, model_name).pk}
        return [(build(chain_of(route), kwargs, language), kwargs)]
    if not _takes_arguments(route.name):
        return [(route.path, {})]
    if route.name in ARGUMENTS:
        return [
            (reverse(route.name, kwargs=kw, language=language), kw)
            for kw in ARGUMENTS[route.name](world, owned)
        ]
    if route.name in STANDARD_ADMIN:
        app_label, model_name, _action = STANDARD_ADMIN[route.name]
        obj = _admin_object(world, app_label, model_name)
        kwargs = {"object_id" if "password" not in route.name else "id": obj.pk}
        return [(reverse(route.name, kwargs=kwargs, language=language), kwargs)]
    raise AssertionError(f"{route.name}: say in ARGUMENTS which real object its URL names")


# --- What each visitor must get -----------------------------------------------------------------

ROLES = ("anonymous", "shopper", "vendor", "staf_dinas", "staf_galeri", "supervisor", "superuser")


def expected(role, user, name, kwargs):
    kind = kind_of(name)
    if kind == "public":
        if name == "accounts:login" and role != "anonymous":
            return Answer(302, "/")
        if name == "vendors:vendor-register" and role == "vendor":
            return Answer(302, "/dasbor/")
        return PUBLIC[name]
    if kind == "account":
        return TO_LOGIN if role == "anonymous" else ACCOUNT[name]
    if kind == "vendor":
        if role == "anonymous":
            return TO_LOGIN
        return VENDOR[name] if role == "vendor" else FORBIDDEN
    if kind == "order":
        if name == "orders:order-cancel":
            return POST_ONLY
        return ORDER[name] if role == "shopper" else FORBIDDEN  # the lookup form, nothing more
    if kind == "counter":
        return counter_answer(role, user, name)
    # The admin.
    if user is None or not user.is_staff:
        return ADMIN_FIXED_FOR_OTHERS.get(name, TO_ADMIN_LOGIN)
    if name in ADMIN_FIXED:
        return ADMIN_FIXED[name]
    if name in UNNAMED:
        return UNNAMED[name]
    if redirect := _admin_object_redirect(name):
        change = reverse("admin:{}_{}_change".format(*redirect), kwargs=kwargs)
        return Answer(302, change)
    if name == "admin:app_list":
        return OK if _sees_any_model_of(user, kwargs["app_label"]) else NOT_FOUND
    if name in ADMIN_PAGES:
        return OK if ADMIN_PAGES[name](user, **kwargs) else FORBIDDEN
    return OK if _standard_admin_allows(user, *STANDARD_ADMIN[name]) else FORBIDDEN


def _sees_any_model_of(user, app_label):
    names = [
        f"admin:{app_label}_{m._meta.model_name}_changelist"
        for m in admin.site._registry
        if m._meta.app_label == app_label
    ]
    return any(
        (
            ADMIN_PAGES[n](user)
            if n in ADMIN_PAGES
            else _standard_admin_allows(user, *STANDARD_ADMIN[n])
        )
        for n in names
    )


# --- The walk ------------------------------------------------------------------------------------


@pytest.fixture
def world(media_root):
    world = build_world()
    # One stored upload, as the image pipeline names them.
    name = "images/products/productimage/00/0f3c9a7e2b.jpg"
    path = Path(media_root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 not a real picture \xff\xd9")
    world.media_name = name
    return world


def user_of(world, role):
    return {
        "anonymous": None,
        "shopper": world.shopper,
        "vendor": world.vendor_a.user,
        "staf_dinas": world.staf_dinas,
        "staf_galeri": world.staf_galeri,
        "supervisor": world.supervisor,
        "superuser": world.superuser,
    }[role]


def page_text(response):
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def walk(world, role):
    user = user_of(world, role)
    client = client_for(user)
    owned = owned_by_a(world) if role == "vendor" else owned_by_b(world)
    wrong = []
    for route in ROUTES:
        for url, kwargs in urls_of(route, world, owned):
            want = expected(role, user, route.name, kwargs).under(route.language)
            response = client.get(url)
            if not want.matches(response):
                got = f"{response.status_code} {response.get('Location', '')}".strip()
                wrong.append(f"{route.label} {url}: expected {want}, got {got}")
    return wrong


def test_every_route_is_classified():
    unclassified = sorted(route.name for route in ROUTES if kind_of(route.name) is None)
    assert not unclassified, (
        "New routes need an access decision in tests/hardening/test_access.py "
        f"(PUBLIC, ACCOUNT, VENDOR, ORDER, COUNTER, UNNAMED or the admin tables): {unclassified}"
    )


def test_the_walk_covers_unnamed_patterns_and_english_addresses():
    assert {route.name for route in ROUTES if not route.named} >= {
        "admin/(?P<url>.*)$",
        "admin/vendors/vendor/<path:object_id>/",
    }
    english = {route.name for route in ROUTES if route.language == "en"}
    assert {"core:home", "dashboard-products:product-list", "counter:sell"} <= english
    assert not any(name.startswith("admin") for name in english)  # the admin is not translated


def test_every_staff_group_has_a_role_in_the_walk(world):
    """A new group of staff needs a member among the walk's roles, so its pages are walked."""
    walked = {
        group for role in ROLES if (user := user_of(world, role)) for group in user.groups.all()
    }
    assert set(Group.objects.all()) <= walked


def test_every_route_with_arguments_gets_real_ones():
    missing = sorted(
        route.name
        for route in ROUTES
        if route.named
        and _takes_arguments(route.name)
        and route.name not in ARGUMENTS
        and route.name not in STANDARD_ADMIN
    )
    assert not missing, f"say in ARGUMENTS which real object these routes name: {missing}"


def test_the_tables_name_no_route_that_is_gone():
    names = {route.name for route in ROUTES}
    listed = {*PUBLIC, *ACCOUNT, *VENDOR, *ORDER, *COUNTER, *ADMIN_PAGES, *ADMIN_FIXED, *ARGUMENTS}
    assert listed - names == set()


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_visitor_what_its_role_allows(world, role):
    wrong = walk(world, role)
    assert not wrong, f"{len(wrong)} URLs answer {role} wrongly:\n" + "\n".join(wrong)


def test_vendor_b_opens_its_own_object_urls_so_a_404_means_scoping(world):
    """The URLs vendor A gets 404 on below really exist: their owner gets them."""
    client = client_for(world.vendor_b.user)
    owned = owned_by_b(world)
    wrong = []
    for route in ROUTES:
        if route.name not in VENDOR or not _takes_arguments(route.name):
            continue
        for url, _kwargs in urls_of(route, world, owned):
            response = client.get(url)
            if not VENDOR[route.name].matches(response):
                wrong.append(f"{url}: {response.status_code}")
    assert not wrong


def _snapshot(world):
    b = world.vendor_b
    return {
        "products": list(
            Product.objects.filter(vendor=b)
            .order_by("pk")
            .values_list("pk", "name", "status", "price", "slug", "hidden_at")
        ),
        "images": list(
            ProductImage.objects.filter(product__vendor=b)
            .order_by("pk")
            .values_list("pk", "alt", "position")
        ),
        "pictures": list(VendorImage.objects.filter(vendor=b).values_list("pk", flat=True)),
        "seats": list(SignUp.objects.filter(vendor=b).values_list("pk", "cancelled_at")),
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status")),
        "movements": StockMovement.objects.count(),
        "curation": [
            list(CurationCheck.objects.order_by("pk").values_list("pk", "outcome")),
            RecheckRequest.objects.count(),
        ],
        "counter": [
            list(Sale.objects.order_by("pk").values_list("pk", "status")),
            list(Shift.objects.order_by("pk").values_list("pk", "status")),
            SaleReturn.objects.count(),
            list(StockCount.objects.order_by("pk").values_list("pk", "status")),
        ],
    }


def test_vendor_a_gets_404_on_every_url_of_vendor_bs_objects(world):
    client = client_for(world.vendor_a.user)
    owned = owned_by_b(world)
    before = _snapshot(world)
    data = {
        "name": "Diambil alih",
        "price": "1",
        "alt": "Diganti",
        "direction": "up",
        f"image-{world.image_b.pk}-alt": "Diganti",
    }
    wrong = []
    checked = 0
    for route in ROUTES:
        if route.name not in VENDOR or not _takes_arguments(route.name):
            continue
        if route.name == "dashboard-training:signup":
            continue  # a published session is anybody's to join, not B's object
        for url, _kwargs in urls_of(route, world, owned):
            checked += 1
            answers = (client.get(url).status_code, client.post(url, data).status_code)
            allowed_get = {405} if VENDOR[route.name] == POST_ONLY else {404}
            if answers[0] not in allowed_get or answers[1] != 404:
                wrong.append(f"{route.name} {url}: GET {answers[0]}, POST {answers[1]}")
    assert checked >= 10
    assert not wrong, "\n".join(wrong)
    assert _snapshot(world) == before


REFUSED = (TO_LOGIN, TO_ADMIN_LOGIN, FORBIDDEN, NOT_FOUND)
# Staff's refused GET-only views whose method check comes first: a POST is a 405.
GET_ONLY = {"admin:autocomplete"}
FORGED = {
    "name": "Diambil alih",
    "status": "approved",
    "post": "yes",
    "action": "delete_selected",
    ACTION_CHECKBOX_NAME: ["1", "2", "3"],
    "quantity": "1",
    "reason": "iseng",
}


@pytest.mark.parametrize("role", ROLES)
def test_no_post_reaches_a_view_the_role_may_not_open(world, role):
    """A forged POST meets the same door as a GET: the login, a 403 or a 404, and changes nothing.

    Every route the role may not open is tried: another role's dashboard, account, counter or
    admin pages, and somebody else's order (a guest's)."""
    user = user_of(world, role)
    client = client_for(user)
    owned = owned_by_a(world) if role == "vendor" else owned_by_b(world)
    before = database_fingerprint()
    wrong, tried = [], 0
    for route in ROUTES:
        kind = kind_of(route.name)
        if kind == "public" or route.name in ("admin:login", "admin:logout"):
            continue
        if route.language != DEFAULT_LANGUAGE:
            continue  # the same view refuses: the walk above shows its door at both addresses
        urls = urls_of(route, world, owned)
        if kind == "order":
            kwargs = {"number": world.order_b.number}
            urls = [(reverse(route.name, kwargs=kwargs, language=route.language), kwargs)]
        for url, kwargs in urls:
            if kind == "order":  # a guest's order: the lookup form, or no such page to cancel
                want = NOT_FOUND if route.name == "orders:order-cancel" else FORBIDDEN
            else:
                want = expected(role, user, route.name, kwargs)
            if want not in REFUSED:
                continue  # the role's own page: its forms are tested where they live
            if want == FORBIDDEN and route.name in GET_ONLY:
                want = POST_ONLY
            want = want.under(route.language)
            tried += 1
            response = client.post(url, FORGED)
            if not want.matches(response):
                got = f"{response.status_code} {response.get('Location', '')}".strip()
                wrong.append(f"{route.label} {url}: expected {want}, got {got}")
    assert tried >= 20
    assert not wrong, f"{len(wrong)} forged POSTs as {role} met no closed door:\n" + "\n".join(
        wrong
    )
    assert changed_tables(before, database_fingerprint()) == []


def test_vendor_a_cannot_reach_vendor_bs_picture_through_its_own_product(world):
    client = client_for(world.vendor_a.user)
    for name in ("image-alt", "image-move", "image-delete"):
        url = reverse(
            f"dashboard-products:{name}",
            kwargs={"pk": world.product_a.pk, "image_pk": world.image_b.pk},
        )
        assert client.post(url, {"direction": "up", "alt": "x"}).status_code == 404
    assert ProductImage.objects.filter(pk=world.image_b.pk).exists()


def test_vendor_a_sees_no_trace_of_vendor_b_on_its_own_pages(world):
    client = client_for(world.vendor_a.user)
    ledger = reverse("dashboard-gallery:movement-list") + f"?produk={world.product_b.pk}"
    assert client.get(ledger).status_code == 404
    for name in (
        "dashboard-products:product-list",
        "dashboard-gallery:stock",
        "dashboard-gallery:movement-list",
        "dashboard-orders:order-lines",
        "dashboard-backoffice:statement-list",
        "dashboard-backoffice:marketplace-export",
        "dashboard-backoffice:marketplace-export-csv",
        "dashboard-training:session-list",
    ):
        html = page_text(client.get(reverse(name)))
        assert world.product_b.name not in html, name
        assert world.vendor_b.business_name not in html, name
        assert world.order_b.number not in html, name


def test_nobody_but_the_owner_opens_or_cancels_an_order(world):
    order = world.shoppers_order
    for user in (
        None,
        world.stranger,
        world.vendor_a.user,
        world.vendor_b.user,  # its product is in the order
        world.staf_galeri,
        world.superuser,
    ):
        client = client_for(user)
        page = client.get(order.get_absolute_url())
        assert page.status_code == 403 and 'name="number"' in page.content.decode()
        assert world.product_b.name not in page.content.decode()
        cancel = reverse("orders:order-cancel", kwargs={"number": order.number})
        assert client.post(cancel, {"reason": "iseng"}).status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED
    assert client_for(world.shopper).get(order.get_absolute_url()).status_code == 200


def test_a_draft_product_and_an_unpublished_session_are_404_to_everyone(world):
    type(world.session).objects.filter(pk=world.session.pk).update(is_published=False)
    for user in (None, world.shopper, world.vendor_a.user, world.vendor_b.user):
        client = client_for(user)
        assert client.get(world.draft_b.get_absolute_url()).status_code == 404
        detail = reverse("training:session-detail", kwargs={"pk": world.session.pk})
        assert client.get(detail).status_code == 404


def test_a_vendor_waiting_for_review_cannot_open_the_approved_only_pages(world):
    waiting = SubmittedVendorFactory()
    client = client_for(waiting.user)
    assert client.get(reverse("dashboard-vendors:home")).status_code == 200
    for name in (
        "dashboard-backoffice:marketplace-export",
        "dashboard-backoffice:marketplace-export-csv",
        "dashboard-backoffice:marketplace-export-xlsx",
    ):
        assert client.get(reverse(name)).status_code == 403


# --- Explicit checks of the staff groups --------------------------------------------------------


def test_staf_galeri_cannot_open_a_vendor_nor_approve_one(world):
    waiting = SubmittedVendorFactory()
    client = client_for(world.staf_galeri)
    change = reverse("admin:vendors_vendor_change", args=[waiting.pk])
    assert client.get(change).status_code == 403
    response = client.post(
        reverse("admin:vendors_vendor_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]},
    )
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Vendor.Status.SUBMITTED


def test_staf_dinas_approves_but_cannot_open_the_stock_intake_nor_move_orders(world):
    client = client_for(world.staf_dinas)
    delivery = reverse("admin:gallery_stockmovement_delivery")
    movements = StockMovement.objects.count()
    assert client.get(delivery).status_code == 403
    response = client.post(
        delivery,
        {
            "kind": "intake",
            "vendor": world.vendor_a.pk,
            "outlet": world.outlet.pk,
            "reference": "SJ-1",
        },
    )
    assert response.status_code == 403
    assert StockMovement.objects.count() == movements
    assert client.get(reverse("admin:orders_order_changelist")).status_code == 403
    response = client.post(
        reverse("admin:orders_order_changelist"),
        {"action": "mark_ready", ACTION_CHECKBOX_NAME: [world.shoppers_order.pk]},
    )
    assert response.status_code == 403
    world.shoppers_order.refresh_from_db()
    assert world.shoppers_order.status == Order.Status.PLACED

    waiting = SubmittedVendorFactory()
    response = client.post(
        reverse("admin:vendors_vendor_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [waiting.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Vendor.Status.APPROVED


def test_each_groups_admin_pages_open_and_the_others_refuse(world):
    """A few pages named outright, so the derived expectations cannot drift together."""
    pages = {
        "vendors": reverse("admin:vendors_vendor_change", args=[world.vendor_b.pk]),
        "products": reverse("admin:products_product_changelist"),
        "training": reverse("admin:training_trainingsession_add"),
        "payouts": reverse("admin:backoffice_payout_overview"),
        "orders": reverse("admin:orders_order_change", args=[world.order_b.pk]),
        "outlets": reverse("admin:gallery_outlet_change", args=[world.outlet.pk]),
        "stock": reverse("admin:gallery_stocklevel_changelist"),
        "labels": reverse("admin:gallery_outlet_labels", args=[world.outlet.pk]),
        "accounts": reverse("admin:accounts_user_changelist"),
        "groups": reverse("admin:auth_group_changelist"),
    }
    dinas = {"vendors", "products", "training", "payouts"}
    # Staf Galeri read the products they check for curation; Staf Dinas edit them.
    galeri = {"orders", "outlets", "stock", "labels", "products"}
    for user, theirs in ((world.staf_dinas, dinas), (world.staf_galeri, galeri)):
        client = client_for(user)
        answers = {key: client.get(url).status_code for key, url in pages.items()}
        assert answers == {key: 200 if key in theirs else 403 for key in pages}, user.email


def test_a_staff_member_without_a_group_sees_no_model_at_all(world):
    from tests.factories import StaffFactory

    client = client_for(StaffFactory(email="baru@contoh.id"))
    assert client.get(reverse("admin:index")).status_code == 200
    for name in ("admin:vendors_vendor_changelist", "admin:orders_order_changelist"):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("admin:gallery_stockmovement_delivery")).status_code == 403


def test_the_statement_month_of_vendor_b_is_outside_vendor_as_account(world):
    month = world.statement_month_b
    assert datetime.date.fromisoformat(f"{month}-01") < timezone.localdate().replace(day=1)
    url = reverse("dashboard-backoffice:statement-detail", kwargs={"month": month})
    assert client_for(world.vendor_a.user).get(url).status_code == 404
    html = client_for(world.vendor_b.user).get(url).content.decode()
    assert world.product_b.name in html


# --- The outlet counter -------------------------------------------------------------------------


def _counter_urls(world):
    return [
        (route.name, url, route.language)
        for route in ROUTES
        if kind_of(route.name) == "counter"
        for url, _kwargs in urls_of(route, world, owned_by_b(world))
    ]


def test_staff_of_the_counter_group_assigned_elsewhere_get_403_on_this_outlets_counter(world):
    from counter.models import Assignment
    from tests.factories import OutletFactory, StaffFactory

    elsewhere = StaffFactory(email="kasir.lain@contoh.id", groups=["Staf Galeri"])
    Assignment.objects.create(outlet=OutletFactory(slug="galeri-lain"), user=elsewhere)
    client = client_for(elsewhere)
    wrong = []
    for name, url, language in _counter_urls(world):
        # The counter's home sends them to their own outlet.
        want = Answer(302, "/kasir/galeri-lain/") if name == "counter:home" else FORBIDDEN
        want = want.under(language)
        response = client.get(url)
        if not want.matches(response):
            wrong.append(f"{name} {url}: expected {want}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "shopper", "vendor", "staf_dinas", "elsewhere"])
def test_no_post_reaches_the_counter_without_working_at_the_outlet(world, role):
    """Forged POSTs to every counter action (a sale, a void, a shift, a count) change nothing."""
    from counter.models import Assignment
    from tests.factories import OutletFactory, StaffFactory

    if role == "elsewhere":
        user = StaffFactory(
            email="kasir.lain@contoh.id", groups=["Staf Galeri", "Supervisor Galeri"]
        )
        Assignment.objects.create(outlet=OutletFactory(slug="galeri-lain"), user=user)
    else:
        user = user_of(world, role)
    client = client_for(user)
    before = _snapshot(world)
    data = {
        "q": world.product_b.code,
        "product": world.product_b.pk,
        "quantity": "1",
        "reason": "iseng",
        "opening_float": "0",
        "counted_cash": "0",
        "note": "iseng",
        "line_product": world.product_b.pk,
        "line_quantity": "1",
        "cash_tendered": "999999",
        "idempotency_key": "forged-key",
    }
    wrong = []
    for name, url, language in _counter_urls(world):
        if user is None:
            want = TO_LOGIN
        elif role == "elsewhere" and name == "counter:home":
            want = Answer(302, "/kasir/galeri-lain/")  # to their own outlet's counter
        else:
            want = FORBIDDEN
        want = want.under(language)
        response = client.post(url, data)
        if not want.matches(response):
            wrong.append(f"{name} {url}: expected {want}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert _snapshot(world) == before
