"""Languages: loading the gettext catalogs and rendering the tree's text in one language.

Interface strings and article content go through the same catalogs (`locales/<lang>/LC_MESSAGES/
messages.po`); article segments use their segment id as the message context. Figures are never
translated: they are formatted for the locale by Babel and filled into the translated sentence.

The terminal loop cannot rely on Flask-Babel (it returns untranslated strings outside a request),
so catalogs are loaded here with `babel.support.Translations` and shared by every interface.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.support import Translations

from voiceinfo.content import (
    CommandWords, Cues, Figure, Segment, Topic, Tree, split_phrases,
)

SOURCE_LOCALE = "en"
LOCALES = ("en", "es", "fr", "de", "ar")
#: Each language's name for itself: how the language switcher and the voice name it.
AUTONYMS = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "ar": "العربية"}
DOMAIN = "messages"


# The message contexts of the content's text in the catalogs: what `voiceinfo.extract` writes
# and `Localizer` asks for. A segment's context is its own id.
FILLERS_CONTEXT = "fillers"
QUESTION_FILLERS_CONTEXT = "fillers:questions"


def title_context(topic_id: str) -> str:
    return f"{topic_id}:title"


def names_context(topic_id: str) -> str:
    return f"{topic_id}:names"


def questions_context(place_id: str) -> str:
    return f"{place_id}:questions"


def words_context(place_id: str) -> str:
    return f"{place_id}:words"


def command_context(name: str) -> str:
    return f"command:{name}"


def choice_context(number: int | str) -> str:
    return f"choice:{number}"


def language_context(code: str) -> str:
    return f"language:{code}"


def _(message: str) -> str:
    """Marks an interface string for extraction; `Localizer.gettext` translates it later."""
    return message


class CatalogError(Exception):
    """A language's catalog is missing or cannot be read."""


def locales_dir() -> Path:
    """The catalogs shipped beside the package; `Environment.locales_dir` may name others."""
    return Path(__file__).resolve().parent.parent / "locales"


def load_translations(lang: str, directory: Path | None = None) -> gettext.NullTranslations:
    """The compiled catalog of `lang`, compiled in memory from the .po file when it is stale.

    English is the source language and needs no catalog. A missing or unreadable catalog raises
    `CatalogError`, so that the caller can say so and carry on in English.
    """
    if lang == SOURCE_LOCALE:
        return gettext.NullTranslations()
    folder = (directory or locales_dir()) / lang / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        if mo_path.exists() and (not po_path.exists()
                                 or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
            with mo_path.open("rb") as file:
                return Translations(file, domain=DOMAIN)
        with po_path.open("rb") as file:
            catalog = read_po(file, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    except FileNotFoundError:
        raise CatalogError(f"there is no catalog for {AUTONYMS.get(lang, lang)} ({lang})") from None
    except Exception as error:  # a damaged catalog can fail in many ways inside gettext or Babel
        raise CatalogError(f"the catalog for {lang} cannot be read: {error}") from None


def format_figure(figure: Figure, lang: str) -> str:
    if figure.style == "millions":
        return format_compact_decimal(figure.value, format_type="long", locale=lang,
                                      fraction_digits=1)
    if figure.style == "percent":
        return format_percent(figure.value, locale=lang)
    if figure.style == "year":
        return str(int(figure.value))
    value = int(figure.value) if float(figure.value).is_integer() else figure.value
    return format_decimal(value, locale=lang)


@dataclass
class Localizer:
    """The tree's and the interface's text in one language."""

    lang: str
    tree: Tree
    words: CommandWords
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def autonym(self) -> str:
        return AUTONYMS.get(self.lang, self.lang)

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text % self._formatted(values) if values else text

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.lang)

    def _formatted(self, values: Mapping[str, object]) -> dict[str, str]:
        return {name: self.number(v) if isinstance(v, int) and not isinstance(v, bool) else str(v)
                for name, v in values.items()}

    @cached_property
    def figures(self) -> dict[str, str]:
        return {name: format_figure(figure, self.lang) for name, figure in self.tree.figures.items()}

    def segment_text(self, segment: Segment) -> str:
        if segment.reference is not None:
            return self.gettext(_("Source %(number)s: %(citation)s"),
                                number=segment.reference, citation=segment.text)
        text = self.pgettext(segment.id, segment.text)
        # formatted only where a figure is: loading Babel's locale data for them takes a tenth
        # of a second, which the greeting (with none) need not wait for
        return text % self.figures if "%(" in text else text

    def title(self, topic: Topic) -> str:
        return self.pgettext(title_context(topic.id), topic.title)

    def topic_names(self, topic: Topic) -> list[str]:
        return split_phrases(self.pgettext(names_context(topic.id), " | ".join(topic.names)))

    def cue_phrases(self, cues: Cues) -> list[str]:
        """The questions a topic or part answers and everyday words for it, in this language."""
        return [phrase for context, english in ((questions_context(cues.id), cues.questions),
                                                (words_context(cues.id), cues.words)) if english
                for phrase in split_phrases(self.pgettext(context, english))]

    def command_phrases(self, command: str) -> list[str]:
        english = self.words.phrases.get(command, "")
        return split_phrases(self.pgettext(command_context(command), english)) if english else []

    def filler_phrases(self) -> list[str]:
        return split_phrases(self.pgettext(FILLERS_CONTEXT, self.words.fillers))

    def question_filler_phrases(self) -> list[str]:
        english = self.words.question_fillers
        return split_phrases(self.pgettext(QUESTION_FILLERS_CONTEXT, english)) if english else []

    def choice_phrases(self, number: int) -> list[str]:
        return split_phrases(self.pgettext(choice_context(number), self.words.choices[number]))

    def language_phrases(self, code: str) -> list[str]:
        """A language's names in this language, and its own name for itself."""
        own = split_phrases(self.pgettext(language_context(code), self.words.languages[code]))
        return own + [AUTONYMS[code].lower()]


class Localizers(Mapping[str, Localizer]):
    """One Localizer a language, each loaded when first asked for.

    A language whose catalog cannot be loaded falls back to English text; `problems` keeps the
    reason so the interfaces can say it once.
    """

    def __init__(self, tree: Tree, words: CommandWords, directory: Path | None = None,
                 locales: tuple[str, ...] = LOCALES) -> None:
        self.tree, self.words, self.directory, self.locales = tree, words, directory, locales
        self._loaded: dict[str, Localizer] = {}
        self.problems: dict[str, str] = {}

    def __getitem__(self, lang: str) -> Localizer:
        if lang not in self.locales:
            raise KeyError(lang)
        if lang not in self._loaded:
            try:
                translations = load_translations(lang, self.directory)
            except CatalogError as error:
                self.problems[lang] = str(error)
                translations = gettext.NullTranslations()
            self._loaded[lang] = Localizer(lang, self.tree, self.words, translations)
        return self._loaded[lang]

    def __iter__(self):
        return iter(self.locales)

    def __len__(self) -> int:
        return len(self.locales)
