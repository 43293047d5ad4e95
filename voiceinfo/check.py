"""`voiceinfo check`: the content and every shipped catalog, validated, each fault in a sentence."""

from __future__ import annotations

from pathlib import Path
from textwrap import shorten

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from voiceinfo.content import (PLACEHOLDER, ContentError, Tree, content_dir, cue_problems,
                               validate)
from voiceinfo.guide import Guide
from voiceinfo.i18n import DOMAIN, LOCALES, SOURCE_LOCALE, locales_dir
from voiceinfo.review import REVIEW_FILE, load_review_rules, review


def content_problems(guide: Guide) -> list[str]:
    english = guide.localizer(SOURCE_LOCALE)
    return validate(guide.tree, render=english.segment_text) + cue_problems(guide.tree, guide.cues)


def shipped_locales(directory: Path | None = None) -> list[str]:
    """The languages besides English that have a catalog folder."""
    directory = directory or locales_dir()
    return [lang for lang in LOCALES if lang != SOURCE_LOCALE and (directory / lang).is_dir()]


def catalog_problems(lang: str, tree: Tree, directory: Path | None = None) -> list[str]:
    path = (directory or locales_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        with path.open("rb") as file:
            catalog = read_po(file, locale=lang)
    except FileNotFoundError:
        return [f"{lang}: the catalog {path} is missing"]
    except Exception as error:  # read_po raises many kinds of error on a damaged file
        return [f"{lang}: the catalog {path} cannot be read: {error}"]
    return [f"{lang}: {problem}" for problem in _message_problems(catalog, tree)] + \
        template_problems(lang, catalog, directory or locales_dir())


def _message_problems(catalog: Catalog, tree: Tree) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        name = _describe(message)
        if message.fuzzy:
            problems.append(f"{name} is marked fuzzy")
        elif not message.string:
            problems.append(f"{name} is not translated")
        else:
            wanted = set(PLACEHOLDER.findall(message.id))
            found = set(PLACEHOLDER.findall(message.string))
            if wanted != found:
                problems.append(f"{name} has placeholders {sorted(found)}, not {sorted(wanted)}")
    for message, errors in catalog.check():
        problems += [f"{_describe(message)}: {error}" for error in errors]
    known = {message.context: message.id for message in catalog if message.context}
    for _, segment in tree.segments():
        if segment.reference is not None:
            continue
        if segment.id not in known:
            problems.append(f"segment {segment.id!r} is missing")
        elif known[segment.id] != segment.text:
            # the English changed: the old translation would be shown for the new English
            problems.append(f"segment {segment.id!r} translates an older English text; "
                            "run `make extract` and translate it again")
    return problems


def template_problems(lang: str, catalog: Catalog, directory: Path) -> list[str]:
    """Messages of the template (`messages.pot`) that the catalog lacks."""
    try:
        with (directory / f"{DOMAIN}.pot").open("rb") as file:
            template = read_po(file)
    except FileNotFoundError:
        return []
    return [f"{lang}: {_describe(message)} is missing; run `make extract`"
            for message in template
            if message.id and catalog.get(message.id, message.context) is None]


def _describe(message) -> str:
    """A message as a translator finds it: its context, or the start of its English."""
    return f"message {message.context!r}" if message.context else (
        f"message {shorten(message.id, 50, placeholder='...')!r}")


def all_problems(guide: Guide, directory: Path | None = None,
                 content: Path | None = None) -> list[str]:
    problems = content_problems(guide)
    for lang in shipped_locales(directory):
        problems += catalog_problems(lang, guide.tree, directory)
    return problems + review_problems(guide, content)


def review_problems(guide: Guide, content: Path | None = None) -> list[str]:
    """The mechanical review of every language's text (`voiceinfo.review`); a content folder
    without `review.toml` (a test's small tree) is not reviewed."""
    if not (path := (content or content_dir()) / REVIEW_FILE).is_file():
        return []
    try:
        rules = load_review_rules(path)
    except ContentError as error:
        return [str(error)]
    texts = {lang: guide.localizer(lang).segment_text for lang in guide.localizers}
    return review(guide.tree, rules, texts)
