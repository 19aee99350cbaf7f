"""The query parameters a cached page is keyed on: its own, each in one spelling.

A page declares what it reads (``Parameters``, usually derived from its filter form); every
other parameter, tracking ones (``PAGE_CACHE_IGNORED_PARAMETERS``) included, is left out of the
key and out of what the view sees. Values are written one way (``harga_min=50.000`` is
``harga_min=50000``, ``tersedia=1`` is ``tersedia=on``, an empty value is no value), so that
spellings of one page share its entry. A value the page would refuse is ``Invalid``: that page
is rendered for the visitor and never stored.

Some values are only known to be valid once the page has looked them up (a category, a page
number past the last): the view confirms them with ``parameters_checked``, and a page whose
parameters were not confirmed is not stored.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

MAX_TOKEN_LENGTH = 100
MAX_PAGE_DIGITS = 6


class Invalid(Exception):
    """A value the page would refuse or read differently from its canonical spelling."""


def is_ignored(name) -> bool:
    """Tracking parameters (``utm_*``, ``fbclid``...): never a page's own, never in a key."""
    for ignored in settings.PAGE_CACHE_IGNORED_PARAMETERS:
        if name == ignored or (ignored.endswith("*") and name.startswith(ignored[:-1])):
            return True
    return False


def _written(value) -> str:
    """A cleaned value as it goes in the key and to the view; "" for no value."""
    if value is None or value is False or value == "":
        return ""
    if value is True:
        return "on"
    if isinstance(value, str):
        return " ".join(value.split())  # words: the search reads "a  b" as "a b"
    return str(value)


def token(value) -> str:
    """A choice the page looks up itself (a category's slug, a kecamatan): kept as sent."""
    if len(value) > MAX_TOKEN_LENGTH or not value.isprintable():
        raise Invalid
    return value


def page_number(value) -> str:
    """``page``: a whole number, the first page being no page at all."""
    if value == "":
        return ""
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_PAGE_DIGITS:
        raise Invalid
    number = int(value)
    if number == 0:
        raise Invalid
    return "" if number == 1 else str(number)


def _form_field(name, field):
    if isinstance(field, forms.ModelChoiceField) or (
        isinstance(field, forms.ChoiceField) and not field.choices
    ):
        return token  # its choices come from the database, set when the page builds its form

    def spelling(value):
        try:
            return _written(field.clean(field.widget.value_from_datadict({name: value}, {}, name)))
        except ValidationError as exc:
            raise Invalid from exc

    return spelling


class Parameters:
    """What a cached page reads from its address: name → spelling (``"" `` for no value)."""

    def __init__(self, **spellings):
        self.spellings = spellings

    @classmethod
    def from_form(cls, form_class, *, exclude=(), page=False):
        """The fields of a GET form (and ``page``, for a paginated page), spelt as the form
        cleans them."""
        spellings = {
            name: _form_field(name, field)
            for name, field in form_class.base_fields.items()
            if name not in exclude
        }
        if page:
            spellings["page"] = page_number
        return cls(**spellings)

    def canonical(self, query) -> list[tuple[str, str]]:
        """The page's own parameters in ``query``, in declared order; raises ``Invalid``.

        A repeated parameter counts by its last value, as ``QueryDict.get`` reads it.
        """
        pairs = []
        for name, spelling in self.spellings.items():
            if name in query and not is_ignored(name):
                value = spelling(query.get(name, ""))
                if value:
                    pairs.append((name, value))
        return pairs


NONE = Parameters()


def reads_parameters(parameters):
    """Declare the parameters a function view cached by ``public_page`` reads (class-based
    views set ``page_parameters`` instead)."""

    def declare(view):
        view.page_parameters = parameters
        return view

    return declare


def declared_parameters(view):
    """What ``view`` declared; None when it declared nothing."""
    found = getattr(view, "page_parameters", None)
    if found is None:
        found = getattr(getattr(view, "view_class", None), "page_parameters", None)
    return found


def unknown_parameters(query) -> bool:
    """Whether ``query`` holds anything but tracking parameters."""
    return any(not is_ignored(name) for name in query)


def parameters_checked(request, *, form=None, page=None):
    """Tell the page cache whether the page honoured the parameters it was given.

    ``form`` is the bound form that read them, ``page`` the ``Page`` shown. A parameter the form
    refused or does not have, or a page number other than the page shown (past the last), keeps
    this rendering out of the cache. Does nothing outside a cached page.
    """
    state = getattr(request, "page_cache", None)
    if state is None:
        return
    honoured = form is None or not form.non_field_errors()
    for name, value in state.parameters:
        if name == "page":
            honoured = honoured and page is not None and str(page.number) == value
        else:
            honoured = (
                honoured and form is not None and name in form.fields and name not in form.errors
            )
    state.checked = True
    state.honoured = state.honoured and honoured
