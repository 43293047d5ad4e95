"""Speech in for questions in a person's own words (English): a language model made from the
guide itself, and the transcriber that decodes with it.

A spoken command is heard against a grammar of the command words; a question can be any words,
so it needs a statistical language model. pocketsphinx's generic `en-us.lm.bin` knows none of
our words well (it got about half the words of spoken questions wrong), so the model is made
from what the guide says and how people ask about it, all from `content/`:

- each English part's text, split into sentences (numbers are left out: they are written as
  digits, and a question is found by its words anyway);
- each topic's title and names, and the cues of `questions.toml` (the questions each place
  answers, and everyday words for its terms), and the words said around a question
  (`commands.toml`'s question fillers: "actually", "I was wondering whether");
- once each, everyday English words (`lexicon/garbage.txt`), so that a question the guide does
  not answer is heard as other words, which the answers then do not know, rather than forced
  into the guide's own words and answered wrongly.

pocketsphinx's own model builder (`pocketsphinx.lm.ArpaBoLM`, trigrams with a fixed discount
mass) writes the ARPA model, and the dictionary takes each word's pronunciations from the
dictionary pocketsphinx ships, then from our own English lexicon (`lexicon/en.dict`), then from
`lexicon/en-questions.dict`, which `scripts/make-lexicon` writes from eSpeak NG for the words
the other two lack (warfarin, moxibustion, …); words in none are left out of the model
(`QuestionModel.unpronounced` lists them; a test keeps it empty). The model is made when the
transcriber is first loaded, in memory, from the content of that moment: the same content
always gives the same model, byte for byte (`python -m voiceinfo.speech.question_model DIR`
writes it out to look at).
"""

from __future__ import annotations

import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import speech_recognition as sr

from voiceinfo.guide import Guide
from voiceinfo.i18n import SOURCE_LOCALE
from voiceinfo.speech.capture import SAMPLE_RATE, pcm16k
from voiceinfo.speech.lexicon import garbage_words, lexicon_path, model_dictionary, read_dict
from voiceinfo.speech.recognition import (DECODER_SETTINGS, RecognitionUnavailable, Rejection,
                                          Transcriber, Transcript, base_word, speech_part)

#: The only language this model hears (where Whisper's models are missing): pocketsphinx ships
#: an English acoustic model and dictionary alone, and free speech (unlike the few command
#: words) cannot be heard through another language's words spelled in English phones.
QUESTION_MODEL_LOCALE = SOURCE_LOCALE
#: The model builder's discount mass: the share of each history's probability left for words
#: not seen after it (pocketsphinx's default).
DISCOUNT_MASS = 0.5


@dataclass(frozen=True)
class QuestionTuning:
    """How questions are heard; chosen on the tuning half of the test set
    (`benchmarks/answers_spoken.py --tune`, maximising the worse of top-1 against 75 % and
    refusals against 70 %), reported on the other half. Earlier, on the tuning half said by
    four voices (208 answerable, 48 not; measured with a faster search than
    `QUESTION_SETTINGS`, which was chosen after): the everyday words once, weight 6.5, top-1
    50.0 %, refused 47.9 %; without them 57.2 % and 8.3 % (a question the guide does not
    answer is then heard as the guide's words, and answered); three times, 45.2 and 50.0 %;
    weight 10, 48.1 and 43.8 %. No least acoustic match did better than none: speech the
    model does not cover matched its words about as well as the rest. Tried by hand, not
    kept: the 1000 or 3000 likeliest words of pocketsphinx's generic model in place of the
    everyday words refused more (60.4, 72.9 %) but answered fewer right (45.2, 38.9 %); with
    the search of `QUESTION_SETTINGS` and the guide's sentences counted three times, the 1000
    gave the same as the everyday words (53.4 and 54.2 %), the 3000 less (48.1, 60.4 %).

    A question the model does not cover ("is cannabis good for MS") is forced into its words
    ("it can about good for ms") and then answered, wrongly. The whole question's acoustic
    match did not tell it apart, but its forced words are doubtful: few of the lattice's paths
    pass through them. So a question with a doubtful word is not taken as heard (the person is
    asked again). Searched with `--tune` on the tuning half (six voices, 312 answerable, 72
    not, with the cues on every part): every word taken, weight 6.5, top-1 76.0 %, refused
    33.3 %; as shipped (weight 10, any word under 0.1 posterior), 65.7 and 62.5 %. Requiring
    a doubtful word to match its own frames poorly too kept more answers but refused fewer
    (at best 64.4 and 61.1 %).
    """

    #: pocketsphinx's language weight: how far the model's word sequences are trusted over
    #: the sound.
    language_weight: float = 10.0
    #: How many times the everyday words are counted in the model (0: left out).
    everyday_count: int = 1
    #: A word is doubtful when its posterior (the share of the lattice's paths through it)
    #: is below this.
    least_posterior: float = 0.1
    #: A question is not taken as heard when more than this share of its words are doubtful.
    most_doubtful: float = 0.0


#: Search settings for questions: the command decoder's (cepstral means over the whole
#: utterance), with pocketsphinx's own word insertion penalty, which suits a statistical
#: model, a wider beam (30000 HMMs a frame, not 10000), and the lattice pass, whose word
#: posteriors tell doubtful words (`QuestionTuning`); the language weight is tuned. Chosen
#: on the tuning half (4 voices, machine shared, load about 4), before the lattice pass: this
#: gave top-1 53.4 %, refused 54.2 %, decode p50 294 / p95 710 ms; with 10000 HMMs and no
#: second (flat lexicon) pass, 51.9 and 47.9 %, 377 / 592 ms; adding coarse scoring
#: (`recognition.COARSE_STEP`), 50.0 and 47.9 %, p95 235 ms with the machine less busy.
QUESTION_SETTINGS: dict[str, object] = {
    **{k: v for k, v in DECODER_SETTINGS.items() if k != "wip"}, "maxhmmpf": 30000,
    "bestpath": True}

#: `lexicon/en-questions.dict`: the model's words that pocketsphinx's dictionary lacks, spelled
#: by `scripts/make-lexicon` from eSpeak NG's readings, as the other languages' lexicons are.
QUESTION_LEXICON = "en-questions"

_SENTENCE_END = re.compile(r"[.?!;:|]+(?:\s|$)")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True)
class QuestionModel:
    """A language model and the dictionary for its words, as the text pocketsphinx reads."""

    arpa: str
    dictionary: str
    #: Words of the content with no pronunciation in either dictionary, left out of the model.
    unpronounced: tuple[str, ...]

    def write(self, folder: Path) -> tuple[Path, Path]:
        """`questions.lm` and `questions.dict` in `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        lm, dictionary = folder / "questions.lm", folder / "questions.dict"
        lm.write_text(self.arpa, encoding="utf-8")
        dictionary.write_text(self.dictionary, encoding="utf-8")
        return lm, dictionary


def content_sentences(guide: Guide) -> list[str]:
    """What the guide says in English, and how people ask about it: one sentence a line."""
    local = guide.localizer(QUESTION_MODEL_LOCALE)
    said: list[str] = []
    for topic in (guide.tree.topics[t] for t in guide.tree.reading_order):
        said += [local.title(topic), *local.topic_names(topic)]
        said += [local.segment_text(s) for s in topic.segments if s.reference is None]
    for cues in guide.cues.values():
        said += local.cue_phrases(cues)
    said += local.question_filler_phrases()
    return [sentence for text in said for sentence in _sentences(text)]


def _sentences(text: str) -> Iterator[str]:
    """Lower-case words, a sentence a line; a number ends a sentence, since it is not said as
    the digits it is written in."""
    for sentence in _SENTENCE_END.split(text.lower().replace("\u2019", "'")):
        for run in re.split(r"\S*\d\S*", sentence):
            words = _WORD.findall(run)
            if words:
                yield " ".join(words)


def spoken_words(sentences: Iterable[str], everyday: Iterable[str]) -> set[str]:
    """Every word the model may hold: those of the guide's sentences, and the everyday ones."""
    return {w for s in sentences for w in s.split()} | set(everyday)


def everyday_words() -> list[str]:
    return [w for w in garbage_words() if _WORD.fullmatch(w)]


def pronunciations(words: Iterable[str], lexicons: Iterable[str] = ("en", QUESTION_LEXICON)
                   ) -> dict[str, list[str]]:
    """Each word's pronunciations: pocketsphinx's dictionary first, then our own lexicons."""
    wanted = set(words)
    found: dict[str, list[str]] = {}
    for path in (model_dictionary(), *(lexicon_path(name) for name in lexicons)):
        if not path.exists():
            continue
        for word, phones in read_dict(path, wanted):
            if phones not in found.setdefault(word, []):
                found[word].append(phones)
    return found


def build_question_model(guide: Guide, everyday_count: int = QuestionTuning.everyday_count
                         ) -> QuestionModel:
    """The model of the guide's sentences and cues, and the everyday words `everyday_count`
    times each; a sentence keeps its longest run of words that have a pronunciation."""
    from pocketsphinx.lm import ArpaBoLM
    sentences, everyday = content_sentences(guide), everyday_words()
    spoken = spoken_words(sentences, everyday)
    phones = pronunciations(spoken)
    unpronounced = tuple(sorted(spoken - phones.keys()))
    kept = [_without(sentence, phones) for sentence in sentences]
    corpus = [s for s in kept if s] + [w for w in everyday if w in phones] * everyday_count
    model = ArpaBoLM(text="\n".join(corpus), add_start=True, discount_mass=DISCOUNT_MASS)
    model.compute()
    arpa = StringIO()
    model.write(arpa)
    return QuestionModel(arpa.getvalue(), _dictionary_text(phones), unpronounced)


def _without(sentence: str, phones: dict[str, list[str]]) -> str:
    """The sentence's longest run of pronounceable words (an unknown word breaks it)."""
    runs = " ".join(w if w in phones else "|" for w in sentence.split()).split("|")
    return max((run.strip() for run in runs), key=len)


def _dictionary_text(phones: dict[str, list[str]]) -> str:
    return "".join(f"{word if n == 1 else f'{word}({n})'} {p}\n"
                   for word in sorted(phones) for n, p in enumerate(phones[word], start=1))


@dataclass(frozen=True)
class ModelFiles:
    """The files a decoder for questions loads."""

    lm: Path
    dictionary: Path


def generic_model() -> ModelFiles:
    """pocketsphinx's generic English model and its whole dictionary: the floor to beat."""
    import pocketsphinx
    folder = Path(pocketsphinx.get_model_path()) / "en-us"
    return ModelFiles(folder / "en-us.lm.bin", model_dictionary())


class QuestionTranscriber(Transcriber):
    """pocketsphinx with a language model for free speech; loaded on first use, once. By
    default the model is made from the guide (`build_question_model`); `files` gives another
    (the generic one, for the benchmark)."""

    lang = QUESTION_MODEL_LOCALE

    def __init__(self, guide: Guide, files: ModelFiles | None = None,
                 tuning: QuestionTuning = QuestionTuning()) -> None:
        self.guide, self.files, self.tuning = guide, files, tuning
        self.model: QuestionModel | None = None
        self.load_ms: float | None = None
        self._decoder = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._decoder is None:
                started = time.perf_counter()
                self._decoder = self._make_decoder()
                self.load_ms = (time.perf_counter() - started) * 1000

    def _make_decoder(self):
        try:
            import pocketsphinx
        except ImportError as error:
            raise RecognitionUnavailable(f"pocketsphinx is not installed ({error})") from None
        hmm = Path(pocketsphinx.get_model_path()) / "en-us" / "en-us"
        settings = {"hmm": str(hmm), "loglevel": "FATAL", "samprate": SAMPLE_RATE,
                    "lw": self.tuning.language_weight, **QUESTION_SETTINGS}
        if self.files is not None:
            return pocketsphinx.Decoder(pocketsphinx.Config(
                lm=str(self.files.lm), dict=str(self.files.dictionary), **settings))
        self.model = build_question_model(self.guide, self.tuning.everyday_count)
        with tempfile.TemporaryDirectory(prefix="voiceinfo-questions-") as folder:
            lm, dictionary = self.model.write(Path(folder))
            # the decoder reads both files while it is made, and keeps nothing open
            return pocketsphinx.Decoder(pocketsphinx.Config(lm=str(lm), dict=str(dictionary),
                                                            **settings))

    def transcribe(self, audio: sr.AudioData) -> Transcript:
        return self.judge(self.hear(audio))

    def judge(self, heard: HeardQuestion) -> Transcript:
        """What was heard, as a transcript: none when too many of its words are doubtful."""
        if heard.words and heard.doubtful_share(self.tuning) > self.tuning.most_doubtful:
            return Transcript("", True, heard.decode_ms, Rejection.DOUBTFUL)
        rejection = None if heard.words or not heard.heard_speech else Rejection.NO_WORDS
        return Transcript(heard.words, heard.heard_speech, heard.decode_ms, rejection)

    def hear(self, audio: sr.AudioData) -> HeardQuestion:
        """The words of the best path and how sure each is, before doubtful words are judged
        (kept apart so that the benchmark can decode once and try thresholds)."""
        self.load()
        raw = pcm16k(audio)
        with self._lock:
            started = time.perf_counter()
            speech = speech_part(raw)
            words = self._decode(speech) if speech else ()
            elapsed = (time.perf_counter() - started) * 1000
        return HeardQuestion(words, bool(speech), elapsed)

    def _decode(self, speech: bytes) -> tuple[HeardWord, ...]:
        decoder = self._decoder
        decoder.start_utt()
        decoder.process_raw(speech, no_search=False, full_utt=True)
        decoder.end_utt()
        if not decoder.hyp():
            return ()
        return tuple(HeardWord(base_word(s.word), s.prob)
                     for s in decoder.seg() if _is_word(s.word))


def _is_word(token: str) -> bool:
    """Not silence, a noise or the sentence's start or end (`<sil>`, `[NOISE]`, `<s>`)."""
    return token[:1] not in "<[" and token != "(NULL)"


@dataclass(frozen=True)
class HeardWord:
    word: str
    #: The share of the lattice's paths through this word where it is (0 to 1).
    posterior: float

    def doubtful(self, tuning: QuestionTuning) -> bool:
        return self.posterior < tuning.least_posterior


@dataclass(frozen=True)
class HeardQuestion:
    heard_words: tuple[HeardWord, ...]
    heard_speech: bool
    decode_ms: float

    @property
    def words(self) -> str:
        return " ".join(w.word for w in self.heard_words)

    def doubtful_share(self, tuning: QuestionTuning) -> float:
        words = self.heard_words
        return sum(w.doubtful(tuning) for w in words) / len(words) if words else 0.0


def main(argv: list[str] | None = None) -> int:
    """Write the model made from the content to a folder, to look at or to compare."""
    from voiceinfo.guide import load_guide
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m voiceinfo.speech.question_model DIR", file=sys.stderr)
        return 2
    model = build_question_model(load_guide())
    for path in model.write(Path(args[0])):
        print(path)
    if model.unpronounced:
        print("left out, no pronunciation:", " ".join(model.unpronounced))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
