"""Odd values in every GET parameter of every page, as every role that may open the page: the
answer is a page, a redirect, a 400 or a 404, never a 500.

The pages and who may open them come from the URL/role walk (``test_access``): every route, the
admin's and the English addresses included, wherever a role gets a 200. The parameters a page
reads are found, not listed: a first GET records every key read from the query string, and which
line of the site's code or templates read it (a view, a form, a template tag, the header's search
box), or that only Django's own code did. The admin's lists and their CSV exports (which apply the
list's filters) add what the ChangeList reads: each list filter's parameters, the date drill-down
(``placed_at__year``...), search, ordering, page. ``EXTRA`` names the few parameters a view reads
only once others are present.

The odd values (``KINDS``): a NUL byte, a very long string, a huge number, a negative one,
digits that are not ASCII, a float overflow, an impossible date, percent signs and broken
escapes, the parameter repeated (with letters, then nothing), array syntax.

Requests are chosen, not multiplied, so that the whole runs in seconds:
- each address, once (by the first role that opens it): a query string of 1 001 parameters;
- every role, on every page it may open: one request in which every parameter the page reads is
  odd, each of another kind;
- the first role that opens a page, at its Indonesian address: the other rounds of that rotation,
  so each parameter meets each kind; pages whose parameters are read by the same code (the
  header's search box, the admin's change pages) share these rounds;
- that role again: one request per (parameter, kind) with the parameter alone, once for each
  parameter and the site's code that reads it (Django's generic admin filters get the rounds).
Public pages get no rounds beyond the first: tests/proof/test_fuzz.py fuzzes them at length.
"""

import collections
import contextlib
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.db import transaction
from django.http import QueryDict
from django.test import Client, RequestFactory

from .test_access import (
    OK,
    ROUTES,
    STANDARD_ADMIN,
    expected,
    kind_of,
    owned_by_a,
    owned_by_b,
    urls_of,
    user_of,
    world,  # noqa: F401 (the fixture)
)
from .urlwalk import DEFAULT_LANGUAGE, reverse

pytestmark = pytest.mark.django_db

# The kinds of odd value, each as the query string it makes of one parameter.
KINDS = {
    "nul": lambda name: f"{name}=a%00b",
    "long": lambda name: f"{name}={quote('panjang ' * 600)}",
    "huge": lambda name: f"{name}={'9' * 40}",
    "negative": lambda name: f"{name}=-1",
    # "²" is a digit to str.isdigit() but not to int().
    "unicode": lambda name: f"{name}={quote('²٣🏺‮')}",
    "float": lambda name: f"{name}=1e309",
    "date": lambda name: f"{name}=2026-02-30",
    "percent": lambda name: f"{name}=%25%&{name}=%zz",
    # Read with get(), the last one counts: nothing at all.
    "repeated": lambda name: f"{name}=1&{name}=abc&{name}=",
    "array": lambda name: f"{name}[]=1&{name}[]=2&{name}[0]=x",
}
TOO_MANY = "&".join(f"p{i}=1" for i in range(1001))

# Who may open each kind of page, the owner first: it opens the page first.
ROLES_OF = {
    "public": (
        "anonymous",
        "shopper",
        "vendor",
        "staf_dinas",
        "staf_galeri",
        "supervisor",
        "superuser",
    ),
    "account": ("shopper", "vendor", "staf_dinas", "staf_galeri", "supervisor", "superuser"),
    "order": ("shopper",),
    "vendor": ("vendor",),
    "counter": ("supervisor", "staf_galeri", "superuser"),
    "admin": ("superuser", "staf_dinas", "staf_galeri", "supervisor"),
}

# Parameters a view reads only when others are there: the stock delivery's first step.
EXTRA = {
    "admin:gallery_stockmovement_delivery": ["kind", "vendor", "outlet", "lines", "change"],
}

SITE = f"{Path(settings.BASE_DIR)}/"
DJANGO = "django"  # the reader when no line of the site's own code asked
PARSING = ("/django/utils/datastructures.py", "/django/http/request.py")


def _site_file(filename):
    if not filename.startswith(SITE):
        return None
    inside = filename.removeprefix(SITE)
    return None if inside.startswith((".venv/", "tests/")) else inside


# Django code that reads parameters on behalf of the code that called it: a form reading its
# fields, a template its variables, a query dict its own keys.
ON_BEHALF = ("/django/forms/", "/django/template/", "/django/utils/datastructures.py")


def reader(frame):
    """The line of the site's code or templates that read a query parameter, or ``DJANGO`` when
    Django's own code did (the admin's views and lists)."""
    while frame is not None:
        node = frame.f_locals.get("self")
        token = getattr(node, "token", None)
        template = _site_file(str(node.origin.name)) if hasattr(node, "origin") else None
        if template and hasattr(token, "lineno"):
            return f"{template}:{token.lineno}"
        filename = frame.f_code.co_filename
        if inside := _site_file(filename):
            return f"{inside}:{frame.f_lineno}"
        if not any(part in filename for part in ON_BEHALF):
            return DJANGO
        frame = frame.f_back
    return DJANGO


@contextlib.contextmanager
def query_reads():
    """{key: {reader}} for every key read from a query string (request.GET, a form's data)
    meanwhile."""
    reads = collections.defaultdict(set)
    originals = {name: getattr(QueryDict, name) for name in ("__getitem__", "get", "getlist")}

    def record(key):
        caller = sys._getframe(2)
        # A query dict filling itself while it parses the query string reads nothing.
        if isinstance(key, str) and not caller.f_code.co_filename.endswith(PARSING):
            reads[key].add(reader(caller))

    def traced(original):
        def method(self, key, *args, **kwargs):
            record(key)
            return original(self, key, *args, **kwargs)

        return method

    def contains(self, key):
        record(key)
        return dict.__contains__(self, key)

    own = {name: QueryDict.__dict__.get(name) for name in [*originals, "__contains__"]}
    try:
        for name, original in originals.items():
            setattr(QueryDict, name, traced(original))
        QueryDict.__contains__ = contains
        yield reads
    finally:
        for name, method in own.items():
            if method is None:
                delattr(QueryDict, name)
            else:
                setattr(QueryDict, name, method)


def listed_model(name, kwargs):
    """The model whose admin list (and its filters) a route shows, or None."""
    if name == "admin:backoffice_report_export":
        return apps.get_model(kwargs["app_label"], kwargs["model_name"])
    if name in STANDARD_ADMIN and STANDARD_ADMIN[name][2] == "changelist":
        model = apps.get_model(*STANDARD_ADMIN[name][:2])
        # The reports' index is a page of its own, not a list.
        if type(admin.site._registry[model]).changelist_view is admin.ModelAdmin.changelist_view:
            return model
    return None


def admin_list_reads(model, user):
    """{parameter: {reader}} for what the admin's list of ``model`` reads: Django's ChangeList
    reads the whole query string at once, so each filter is asked what it reads."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = admin.site._registry[model].get_changelist_instance(request)
    generic = f"admin list of {model._meta.label}"
    reads = collections.defaultdict(set)
    for spec in changelist.filter_specs:
        kind = type(spec)
        # The site's own list filters are its code; Django's are tried by the rounds.
        by = generic if isinstance(spec, FieldListFilter) else f"{kind.__module__}.{kind.__name__}"
        for name in spec.expected_parameters():
            reads[name].add(by)
    if changelist.date_hierarchy:
        for part in ("year", "month", "day"):
            reads[f"{changelist.date_hierarchy}__{part}"].add(generic)
    for name in ("q", "o", "p", "all", "_facets"):
        reads[name].add(generic)
    return reads


def is_own(by):
    return by != DJANGO and not by.startswith("admin list of ")


def get(client, url):
    """The response, its body read to the end (an export fails while it streams), and the
    exception behind a 500. Each request's savepoint is rolled back: in the test's transaction,
    a query PostgreSQL refused would otherwise spoil the next one."""
    try:
        with transaction.atomic():
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
    except Exception as exc:  # any exception here is the finding
        return None, exc
    return response, (response.exc_info[1] if response.exc_info else None)


def rounds(parameters, which):
    """Query strings in which every parameter is odd: in round r, parameter i is of kind
    (i + r) mod len(KINDS), so over all the rounds each parameter meets each kind."""
    kinds = list(KINDS)
    return [
        (
            f"round {r % len(kinds)}",
            "&".join(
                KINDS[kinds[(i + r) % len(kinds)]](quote(name)) for i, name in enumerate(parameters)
            ),
        )
        for r in which
    ]


def alone(name):
    return [(f"{name} {kind}", KINDS[kind](quote(name))) for kind in KINDS]


def discover(client, url, route, kwargs, user):
    """What the page reads, and any 500 the plain page gives."""
    with query_reads() as reads:
        response, error = get(client, f"{url}?q=")
    if error is not None or response.status_code >= 500:
        return None, f"{route.label} {url}?q= : {error!r}"
    for name in EXTRA.get(route.name, ()):
        reads[name].add(route.name)
    if model := listed_model(route.name, kwargs):
        for name, readers in admin_list_reads(model, user).items():
            reads[name] |= readers
    return dict(reads), None


@pytest.mark.parametrize("kind", list(ROLES_OF))
def test_odd_values_in_every_parameter_a_page_reads_never_give_a_server_error(world, kind):  # noqa: F811
    roles = ROLES_OF[kind]
    clients = {}
    for role in roles:
        clients[role] = Client(raise_request_exception=False)
        if (user := user_of(world, role)) is not None:
            clients[role].force_login(user)

    # Who opens which page; what each page reads, found by its first opener.
    visits, found, wrong = [], {}, []
    for role in roles:
        user = user_of(world, role)
        owned = owned_by_a(world) if role == "vendor" else owned_by_b(world)
        for route in ROUTES:
            if kind_of(route.name) != kind:
                continue
            for url, kwargs in urls_of(route, world, owned):
                if expected(role, user, route.name, kwargs) != OK:
                    continue
                key = (route.name, tuple(sorted(kwargs.items())))
                if key not in found:
                    reads, failure = discover(clients[role], url, route, kwargs, user)
                    if failure:
                        wrong.append(failure)
                        continue
                    found[key] = (reads, role)
                visits.append((role, route, url, key))

    # Which requests: see the module's docstring.
    rounded, alone_done, plan, addresses = set(), set(), [], set()
    for index, (role, route, url, key) in enumerate(visits):
        reads, opener = found[key]
        parameters = sorted(reads)
        queries = rounds(parameters, [index])
        if url not in addresses:
            addresses.add(url)
            queries.append(("1 001 parameters", TOO_MANY))
        if role == opener and route.language == DEFAULT_LANGUAGE and kind != "public":
            signature = frozenset((name, frozenset(by)) for name, by in reads.items())
            if signature not in rounded:
                rounded.add(signature)
                queries += rounds(parameters, range(index + 1, index + len(KINDS)))
            for name, readers in reads.items():
                own = frozenset(by for by in readers if is_own(by))
                if own and (name, own) not in alone_done:
                    alone_done.add((name, own))
                    queries += alone(name)
        plan += [(role, route, url, label, query) for label, query in queries]

    for role, route, url, label, query in plan:
        response, error = get(clients[role], f"{url}?{query}")
        if error is not None or response.status_code >= 500:
            status = response.status_code if response is not None else "-"
            wrong.append(f"{role} {route.label} {url} [{label}]: {status} {error!r}")
    assert visits
    assert not wrong, f"{len(wrong)} of {len(plan)} odd queries failed:\n" + "\n".join(wrong)


@pytest.mark.parametrize("page", ["change", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_empty_to_field_on_an_admin_object_page_is_a_bad_request(world, page, method):  # noqa: F811
    """Django's admin skips its check of ``_to_field`` when the value is empty, then looks the
    object up by a field named '' (FieldDoesNotExist)."""
    client = Client(raise_request_exception=False)
    client.force_login(world.superuser)
    url = reverse(f"admin:vendors_vendor_{page}", args=[world.vendor_b.pk])
    if method == "get":
        response = client.get(f"{url}?_to_field=")
    else:
        response = client.post(url, {"_to_field": ""})
    assert response.status_code == 400
