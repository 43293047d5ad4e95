"""The topic tree and the command words, loaded from the TOML files in `content/`.

Pure: the loader reads the files it is given and returns frozen dataclasses; it knows nothing of
languages, audio, terminals or the web. `validate` lists what is wrong with a loaded tree so that
`voiceinfo check` (and the tests) can say it plainly.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

#: The topic ids of the brief: they are URLs and voice targets, so they never change.
FIXED_TOPIC_IDS = (
    "home", "key-facts", "about-ms", "about-acupuncture", "what-is-acupuncture",
    "electroacupuncture", "how-it-works", "treatment-course", "evidence", "fatigue", "pain",
    "walking", "spasticity", "mental-health", "bladder", "safety", "immune-system", "risks",
    "who-should-avoid", "questions", "sources",
)
ROOT_TOPIC_ID = "home"
SOURCES_TOPIC_ID = "sources"
MAX_CHILDREN = 7
#: The numbers that pick a menu item, spoken, typed or pressed: one for each child a topic may have.
MENU_NUMBERS = range(1, MAX_CHILDREN + 1)
MAX_SEGMENT_WORDS = 30
REFERENCE_NUMBERS = range(1, 11)
FIGURE_STYLES = ("number", "millions", "percent", "year")
PHRASE_SEPARATOR = "|"

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_ID = re.compile(r"^[a-z][a-z0-9-]*$")


class CommandName(StrEnum):
    """The brief's commands, the same at every door; `commands.toml` gives their words."""

    NEXT = "next"
    PREVIOUS = "previous"
    REPEAT = "repeat"
    UP = "up"
    HOME = "home"
    HELP = "help"
    WHERE = "where"
    PAUSE = "pause"
    RESUME = "resume"
    SLOWER = "slower"
    FASTER = "faster"
    LANGUAGE = "language"
    GOTO = "goto"
    #: A menu item's number; its words are `[choices]`, one entry a number.
    CHOOSE = "choose"
    QUIT = "quit"
    #: A question in the person's own words; its argument is the question.
    ASK = "ask"
    #: The next of the answers to the last question.
    NEXT_ANSWER = "next_answer"
    #: A spoken question comes next: the cue, then the next utterance is heard as free speech.
    QUESTION = "question"
    #: Nothing that could be understood.
    NONE = "none"


#: The commands with an entry in `commands.toml`'s `[commands]`.
WORDED_COMMANDS = tuple(c for c in CommandName
                        if c not in (CommandName.CHOOSE, CommandName.ASK, CommandName.NONE))


class ContentError(Exception):
    """The content files cannot be read as a topic tree; the message says where and why."""


@dataclass(frozen=True)
class Figure:
    """A number used inside sentences, formatted for each language rather than translated."""

    name: str
    value: float
    style: str


@dataclass(frozen=True)
class Segment:
    """One short spoken piece: one idea, at most about 30 words."""

    id: str
    text: str
    sources: tuple[int, ...]
    #: Set on the generated segments of the sources topic: the reference this segment reads out.
    reference: int | None = None
    #: A sentence about this guide rather than the article (home's introduction): it rests on
    #: no reference, so it names none.
    about_guide: bool = False

    @property
    def placeholders(self) -> set[str]:
        return set(PLACEHOLDER.findall(self.text))


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    names: tuple[str, ...]
    parent: str | None
    segments: tuple[Segment, ...]
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    number: int
    citation: str
    spoken: str
    doi: str | None = None
    doi_complete: bool = True

    @property
    def doi_url(self) -> str | None:
        """A link only for a whole DOI: a truncated one would lead nowhere."""
        return f"https://doi.org/{self.doi}" if self.doi and self.doi_complete else None


@dataclass(frozen=True)
class Article:
    """The article the guide retells, as its page credits it."""

    title: str
    author: str
    publisher: str


@dataclass(frozen=True)
class Tree:
    topics: Mapping[str, Topic]
    figures: Mapping[str, Figure]
    references: Mapping[int, Reference]
    #: From `sources.toml`'s `[article]`; None when a (test) tree names no article.
    article: Article | None = None
    _order: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_order", tuple(self._walk(ROOT_TOPIC_ID)))

    def _walk(self, topic_id: str) -> Iterator[str]:
        if topic_id not in self.topics:
            return
        yield topic_id
        for child in self.topics[topic_id].children:
            yield from self._walk(child)

    @property
    def root(self) -> Topic:
        return self.topics[ROOT_TOPIC_ID]

    @property
    def reading_order(self) -> tuple[str, ...]:
        """Topic ids as a book would have them: each topic, then its children."""
        return self._order

    def path(self, topic_id: str) -> list[Topic]:
        """The topics from home down to this one, both included."""
        path = []
        current: str | None = topic_id
        while current is not None and current not in {t.id for t in path}:
            path.append(self.topics[current])
            current = self.topics[current].parent
        return list(reversed(path))

    def children(self, topic_id: str) -> list[Topic]:
        return [self.topics[child] for child in self.topics[topic_id].children]

    def segments(self) -> Iterator[tuple[Topic, Segment]]:
        for topic in self.topics.values():
            for segment in topic.segments:
                yield topic, segment


@dataclass(frozen=True)
class Cues:
    """What leads a question to a topic or a part: the questions it answers and everyday words
    for its terms, each a `|`-separated English string (translated in the catalogs)."""

    #: A topic id (the cues speak for all its parts) or a segment id (for that part alone).
    id: str
    questions: str = ""
    words: str = ""


@dataclass(frozen=True)
class CommandWords:
    """The English command words of `commands.toml`; translations come from the catalogs."""

    phrases: Mapping[CommandName, str]
    keys: Mapping[CommandName, tuple[str, ...]]
    fillers: str
    #: Words around a question that say nothing of what is asked (left out when ranking).
    question_fillers: str
    choices: Mapping[int, str]
    languages: Mapping[str, str]


def split_phrases(phrases: str) -> list[str]:
    """'next | skip' -> ['next', 'skip']"""
    return [phrase.strip() for phrase in phrases.split(PHRASE_SEPARATOR) if phrase.strip()]


def content_dir() -> Path:
    """The content shipped beside the package; `Environment.content_dir` may name another."""
    return Path(__file__).resolve().parent.parent / "content"


def read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise ContentError(f"{path} is missing") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ContentError(f"{path} cannot be read: {error}") from None


def load_tree(directory: Path | None = None) -> Tree:
    directory = directory or content_dir()
    topics_file = directory / "topics.toml"
    sources_file = directory / "sources.toml"
    try:
        return _build_tree(read_toml(topics_file), read_toml(sources_file))
    except (KeyError, TypeError, ValueError) as error:
        raise ContentError(f"{topics_file} or {sources_file} is malformed: {error!r}") from None


def _build_tree(topics_data: dict, sources_data: dict) -> Tree:
    figures = {
        name: Figure(name, float(spec["value"]), str(spec.get("style", "number")))
        for name, spec in topics_data.get("figures", {}).items()
    }
    references = {
        int(entry["number"]): Reference(
            number=int(entry["number"]),
            citation=str(entry["citation"]),
            spoken=str(entry.get("spoken", entry["citation"])),
            doi=entry.get("doi"),
            doi_complete=bool(entry.get("doi_complete", True)),
        )
        for entry in sources_data.get("references", [])
    }
    raw_topics = topics_data.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        raise ContentError("topics.toml has no [[topics]]")
    topics = {}
    for raw in raw_topics:
        topic = _build_topic(raw, references)
        if topic.id in topics:
            raise ContentError(f"topic id {topic.id!r} is used twice")
        topics[topic.id] = topic
    article = sources_data.get("article")
    return Tree(_link_children(topics), figures, references,
                Article(str(article["title"]), str(article["author"]), str(article["publisher"]))
                if article else None)


def _build_topic(raw: dict, references: Mapping[int, Reference]) -> Topic:
    topic_id = str(raw["id"])
    segments = [
        Segment(str(s["id"]), str(s["text"]), tuple(int(n) for n in s.get("sources", ())),
                about_guide=bool(s.get("about_guide", False)))
        for s in raw.get("segments", [])
    ]
    if topic_id == SOURCES_TOPIC_ID:
        segments += [
            Segment(f"{SOURCES_TOPIC_ID}-ref-{number}", reference.spoken, (number,), number)
            for number, reference in sorted(references.items())
        ]
    return Topic(
        id=topic_id,
        title=str(raw["title"]),
        names=tuple(split_phrases(str(raw.get("names", raw["title"])))),
        parent=raw.get("parent"),
        segments=tuple(segments),
    )


def _link_children(topics: dict[str, Topic]) -> dict[str, Topic]:
    children: dict[str, list[str]] = {topic_id: [] for topic_id in topics}
    for topic in topics.values():
        if topic.parent is not None:
            if topic.parent not in topics:
                raise ContentError(f"topic {topic.id!r} has unknown parent {topic.parent!r}")
            children[topic.parent].append(topic.id)
    return {
        topic_id: Topic(t.id, t.title, t.names, t.parent, t.segments, tuple(children[topic_id]))
        for topic_id, t in topics.items()
    }


def load_command_words(directory: Path | None = None) -> CommandWords:
    path = (directory or content_dir()) / "commands.toml"
    data = read_toml(path)
    try:
        commands = data["commands"]
        words = CommandWords(
            phrases={name: str(commands[name].get("phrases", "")) for name in WORDED_COMMANDS},
            keys={name: tuple(commands[name].get("keys", ())) for name in WORDED_COMMANDS},
            fillers=str(data.get("fillers", {}).get("phrases", "")),
            question_fillers=str(data.get("fillers", {}).get("questions", "")),
            choices={int(number): str(words) for number, words in data["choices"].items()},
            languages={str(code): str(words) for code, words in data["languages"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ContentError(f"{path} is malformed: missing or wrong {error}") from None
    if sorted(words.choices) != list(MENU_NUMBERS):
        raise ContentError(f"{path}: [choices] must give words for the numbers "
                           f"{MENU_NUMBERS[0]} to {MENU_NUMBERS[-1]}, one a menu item")
    return words


def load_cues(directory: Path | None = None) -> dict[str, Cues]:
    """`questions.toml`: the cues of each topic or part that has some, by its id. Cues are
    optional: without the file, questions are ranked on the parts' own text."""
    path = (directory or content_dir()) / "questions.toml"
    if not path.exists():
        return {}
    try:
        return {str(place_id): Cues(str(place_id), str(entry.get("questions", "")),
                                    str(entry.get("words", "")))
                for place_id, entry in read_toml(path).get("cues", {}).items()}
    except (AttributeError, TypeError) as error:
        raise ContentError(f"{path} is malformed: {error}") from None


def cue_problems(tree: Tree, cues: Mapping[str, Cues]) -> list[str]:
    """Cues that name no topic or part, or say nothing."""
    known = set(tree.topics) | {segment.id for _, segment in tree.segments()}
    problems = [f"questions.toml names {cue_id!r}, which is no topic or part"
                for cue_id in cues if cue_id not in known]
    return problems + [f"questions.toml: {cue_id!r} has neither questions nor words"
                       for cue_id, cue in cues.items() if not (cue.questions or cue.words)]


def count_words(text: str) -> int:
    return len(text.split())


def validate(tree: Tree, render=None) -> list[str]:
    """Everything wrong with the tree, as sentences; an empty list when it is sound.

    `render(segment)` gives a segment's English text with its figures filled in, for counting
    words; without it, each placeholder counts as one word.
    """
    problems = [f"topic {topic_id!r} is missing" for topic_id in FIXED_TOPIC_IDS
                if topic_id not in tree.topics]
    problems += _tree_shape_problems(tree)
    problems += _figure_problems(tree)
    seen_segment_ids: set[str] = set()
    for topic, segment in tree.segments():
        if segment.id in seen_segment_ids:
            problems.append(f"segment id {segment.id!r} is used twice")
        seen_segment_ids.add(segment.id)
        problems += _segment_problems(tree, topic, segment, render)
    return problems


def _tree_shape_problems(tree: Tree) -> list[str]:
    problems = []
    for topic in tree.topics.values():
        if not _ID.match(topic.id):
            problems.append(f"topic id {topic.id!r} must be lowercase words joined by hyphens")
        if len(topic.children) > MAX_CHILDREN:
            problems.append(
                f"topic {topic.id!r} has {len(topic.children)} children; at most {MAX_CHILDREN}")
        if not topic.segments:
            problems.append(f"topic {topic.id!r} has no segments")
        if topic.id != ROOT_TOPIC_ID and topic.id not in tree.reading_order:
            problems.append(f"topic {topic.id!r} cannot be reached from {ROOT_TOPIC_ID!r}")
    if ROOT_TOPIC_ID in tree.topics and tree.root.parent is not None:
        problems.append(f"topic {ROOT_TOPIC_ID!r} must have no parent")
    return problems


def _figure_problems(tree: Tree) -> list[str]:
    used = set().union(*(segment.placeholders for _, segment in tree.segments()))
    problems = [f"figure {name!r} has unknown style {figure.style!r}; use one of "
                f"{', '.join(FIGURE_STYLES)}"
                for name, figure in tree.figures.items() if figure.style not in FIGURE_STYLES]
    problems += [f"figure {name!r} is never used" for name in tree.figures if name not in used]
    return problems


def _segment_problems(tree: Tree, topic: Topic, segment: Segment, render) -> list[str]:
    where = f"segment {segment.id!r} of topic {topic.id!r}"
    problems = []
    unknown = segment.placeholders - set(tree.figures)
    if unknown:
        problems.append(f"{where} uses unknown figures: {', '.join(sorted(unknown))}")
    if segment.reference is None:
        bare = PLACEHOLDER.sub("", segment.text.replace("%%", ""))
        if "%" in bare:
            problems.append(f"{where} has a stray % sign: write %% or use a figure")
        if re.search(r"\d", bare):
            problems.append(f"{where} has a number outside a figure placeholder")
        text = render(segment) if render and not unknown else segment.text
        if topic.id != SOURCES_TOPIC_ID and count_words(text) > MAX_SEGMENT_WORDS:
            problems.append(
                f"{where} has {count_words(text)} words; at most {MAX_SEGMENT_WORDS}")
    if not segment.sources and not segment.about_guide:
        problems.append(f"{where} names no reference")
    if segment.sources and segment.about_guide:
        problems.append(f"{where} is about the guide, so it names no reference")
    missing = [n for n in segment.sources if n not in tree.references or n not in REFERENCE_NUMBERS]
    if missing:
        problems.append(f"{where} names references that do not exist: {missing}")
    if not segment.text.strip():
        problems.append(f"{where} is empty")
    return problems
