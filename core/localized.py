"""Words that staff or vendors write in two languages: Indonesian always, English when written.

A model keeps the Indonesian text in its plain field (``name``) and the English one, optional, in
``<field>_en`` (``name_en``). Pages in English show the English text where it exists and the
Indonesian one otherwise, marked so the reader knows why ("in Indonesian").
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


@dataclass(frozen=True)
class LocalText:
    text: str
    language: str  # the language the text is written in
    fallback: bool  # True when the page's language had no text of its own

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def page_language(language: str | None = None) -> str:
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]


def localized(obj, field: str, language: str | None = None) -> LocalText:
    """``obj.<field>`` in ``language`` (the active one by default), falling back to Indonesian."""
    language = page_language(language)
    default = settings.LANGUAGE_CODE.split("-")[0]
    original = getattr(obj, field) or ""
    if language == default:
        return LocalText(original, default, False)
    translated = (getattr(obj, f"{field}_{language}", "") or "").strip()
    if translated:
        return LocalText(translated, language, False)
    return LocalText(original, default, bool(original))
