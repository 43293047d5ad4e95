"""Everything each interface needs, loaded once: the tree, the command words, the languages,
their vocabularies and the navigator."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo.commands import NOT_UNDERSTOOD, Command, CommandName, Vocabulary, normalize
from voiceinfo.content import CommandWords, Cues, Tree, load_command_words, load_cues, load_tree
from voiceinfo.i18n import LOCALES, SOURCE_LOCALE, Localizer, Localizers, _
from voiceinfo.navigator import Navigator
from voiceinfo.semantic import FUSED, SemanticModel, Unavailable, default_embeddings_dir, load_model

if TYPE_CHECKING:
    from voiceinfo.answers import AnswerIndex


#: The guide's subject and its rarest terms, as a recognizer's prompt (`Guide.question_prompt`).
QUESTION_PROMPT = _("Acupuncture and multiple sclerosis (MS): electroacupuncture, spasticity, "
                    "fatigue, bladder, warfarin, pacemaker, moxibustion.")


@dataclass
class Guide:
    tree: Tree
    words: CommandWords
    localizers: Localizers
    #: What leads a question to a topic or part (`questions.toml`), by its id.
    cues: dict[str, Cues] = field(default_factory=dict)
    #: `semantic.FUSED` (BM25 and the semantic model, when it loads) or `semantic.BM25_ALONE`.
    ranking: str = FUSED
    #: Where the parts' semantic vectors are kept between runs (None: worked out every run).
    embeddings_dir: Path | None = field(default_factory=default_embeddings_dir)
    navigator: Navigator = field(init=False)
    _vocabularies: dict[str, Vocabulary] = field(default_factory=dict, init=False, repr=False)
    _answer_indexes: dict[str, AnswerIndex] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.navigator = Navigator(self.tree, self.localizers, self.answers)

    def localizer(self, lang: str) -> Localizer:
        return self.localizers[lang]

    def vocabulary(self, lang: str) -> Vocabulary:
        if lang not in self._vocabularies:
            self._vocabularies[lang] = Vocabulary.for_locale(self.localizers[lang])
        return self._vocabularies[lang]

    def answers(self, lang: str) -> AnswerIndex:
        """The guide's parts in `lang`, ready to be asked; built when first needed."""
        if lang not in self._answer_indexes:
            # imported here: bm25s and numpy cost a third of a second, and the spoken loop's
            # start-up need not wait for them before its first question
            from voiceinfo.answers import AnswerIndex
            model = self.semantic_model()
            self._answer_indexes[lang] = AnswerIndex(
                self.tree, self.localizers[lang], self.cues,
                semantic=model if isinstance(model, SemanticModel) else None)
        return self._answer_indexes[lang]

    def semantic_model(self) -> SemanticModel | Unavailable:
        """The semantic model questions are ranked with, loaded once a process, or why not
        (`semantic.describe` says it in a line)."""
        return load_model(self.ranking, self.embeddings_dir)

    def question_prompt(self, lang: str) -> str:
        """What a speech recognizer takes as said just before a question in `lang`: the guide's
        subject and its rarest terms, so that they are spelled as the guide spells them and the
        answers find them (Whisper tiny.en wrote "war firing", "letter problems" and
        "electro-gew puncture" without it, and each right with it)."""
        return self.localizer(lang).gettext(QUESTION_PROMPT)

    def parse_typed(self, text: str, lang: str) -> Command:
        """Typed words: exactly in the person's language, exactly in English, then forgiving
        small typing errors in the person's language; a single character is a key; and any
        other words are a question in the person's own words."""
        attempts = (
            lambda: self.vocabulary(lang).parse(text, forgiving=False),
            lambda: self.vocabulary(SOURCE_LOCALE).parse(text, forgiving=False),
            lambda: self.vocabulary(lang).parse(text),
            lambda: len(text.strip()) == 1 and self.vocabulary(lang).parse_key(text.strip()),
        )
        for attempt in attempts:
            command = attempt()
            if command and command != NOT_UNDERSTOOD:
                return command
        if any(len(word) > 1 for word in normalize(text).split()):
            return Command(CommandName.ASK, text.strip())
        return NOT_UNDERSTOOD


def load_guide(content: Path | None = None, locales_dir: Path | None = None,
               ranking: str = FUSED, embeddings_dir: Path | None = None) -> Guide:
    """Raises ContentError when the content files are broken; a broken catalog only falls back
    to English for that language (see `Localizers.problems`). The semantic model is loaded
    when the first question is asked, not here."""
    tree = load_tree(content)
    words = load_command_words(content)
    return Guide(tree, words, Localizers(tree, words, locales_dir, LOCALES), load_cues(content),
                 ranking, embeddings_dir or default_embeddings_dir())
