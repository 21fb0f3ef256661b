"""The user's language, and every message in it, through GNU gettext's standard machinery.

Messages are written in English in the code (``_("…")``, ``ngettext`` for counts) and
translated by the Japanese catalogue ``aomori_cli/locale/ja/LC_MESSAGES/aomori.po``,
compiled to ``aomori.mo`` by ``scripts/msgfmt.py`` (a test checks the two agree and that
every message of the code is translated). Help texts, fixed when a command is declared, are
translated when the help is written (``aomori_cli.cli.help``).

The language follows the locale as gettext does (``LC_ALL``, ``LC_MESSAGES``, ``LANG``; a
``ja…`` locale gives Japanese, any other English; GNU's ``LANGUAGE`` list is honoured unless
the locale is C), overridden by ``$AOMORI_LANG`` and then by ``--lang``. It changes what
people read (help, messages, table headers and names, the sign of a fall), never what
machines read (JSON, JSON Lines, CSV and TSV are the same in both languages).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, Protocol

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = ("en", "ja")
ENV_LANG = "AOMORI_LANG"
DOMAIN = "aomori"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class _Catalogue(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


_language: Language = "en"
_catalogue: _Catalogue | None = None  # None: English, the messages as written


class LanguageError(ValueError):
    """A language that is neither ja nor en: ``source`` names where it was given."""

    def __init__(self, source: str, value: str) -> None:
        super().__init__(f"{source} {value!r}: expected ja or en")
        self.source, self.value = source, value


def parse(value: str, source: str) -> Language:
    """``ja``/``en`` (or a locale name such as ``ja_JP.UTF-8``) as a language; ``source``
    names where it came from, for the error."""
    folded = value.strip().lower()
    for language in LANGUAGES:
        if folded == language or folded.startswith((f"{language}_", f"{language}.")):
            return language
    raise LanguageError(source, value)


def from_locale(environ: Mapping[str, str]) -> Language:
    """The language of the locale: the first of LC_ALL, LC_MESSAGES and LANG that is set,
    before it GNU's LANGUAGE list unless the locale is C/POSIX."""
    locale = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    names = [locale]
    if locale and locale.split(".")[0] not in ("C", "POSIX"):
        names = [*environ.get("LANGUAGE", "").split(":"), locale]
    for name in names:
        if name.lower().startswith("ja"):
            return "ja"
        if name and name.lower() != "c" and not name.lower().startswith("c."):
            return "en"
    return "en"


def detect(environ: Mapping[str, str] | None = None) -> Language:
    """The language before any --lang: $AOMORI_LANG, else the locale's."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(ENV_LANG, "")
    return parse(chosen, f"${ENV_LANG}") if chosen.strip() else from_locale(environ)


# The Japanese catalogue once read, with the file it was read from: --lang is applied twice a
# run (before Click parses, then by the option's callback), and reading it took 2% of one.
_loaded: tuple[Path, _Catalogue] | None = None


def set_language(language: Language) -> None:
    """Speak ``language`` from now on (loads the Japanese catalogue the first time)."""
    global _language, _catalogue, _loaded
    _language = language
    if language != "ja":
        _catalogue = None
        return
    path = LOCALE_DIR / "ja" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if _loaded is None or _loaded[0] != path:
        _loaded = (path, _load(path))
    _catalogue = _loaded[1]


def language() -> Language:
    return _language


def japanese() -> bool:
    return _language == "ja"


def _load(path: Path) -> _Catalogue:
    import gettext

    try:
        with path.open("rb") as file:
            return gettext.GNUTranslations(file)
    # A broken install (missing, truncated or damaged catalogue: gettext raises OSError,
    # struct.error, UnicodeDecodeError, LookupError or ValueError): English, not a crash.
    except Exception:  # noqa: BLE001
        return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the user's language."""
    return message if _catalogue is None else _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for a count of ``n`` in the user's language."""
    if _catalogue is None:
        return singular if n == 1 else plural
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message to translate where it is used, not here (a help text, a label)."""
    return message


def pick(japanese_text: str, english_text: str) -> str:
    """Curated data in the user's language, else in the other (a dataset may give only one)."""
    if _language == "en":
        return english_text if english_text.strip() else japanese_text
    return japanese_text if japanese_text.strip() else english_text
