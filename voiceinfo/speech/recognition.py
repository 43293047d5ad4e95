"""Speech in, as words and commands.

A `Transcriber` turns a short piece of audio into words. The offline one (the default, and the
only one that keeps audio on the machine) is pocketsphinx's own `Decoder` searching a JSGF
grammar made from the language's command words, with a garbage loop that rejects other speech.
An online engine that SpeechRecognition offers can be chosen by name. `CommandRecognizer` then
maps the words through the same `Vocabulary` that typed commands use.
"""

from __future__ import annotations

import abc
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import speech_recognition as sr

from voiceinfo.commands import NOT_UNDERSTOOD, Command, Vocabulary
from voiceinfo.speech.capture import SAMPLE_RATE, pcm16k, read_audio
from voiceinfo.speech.grammar import Grammar, build_grammar, is_garbage
from voiceinfo.speech.lexicon import LexiconMissing, garbage_words, load_lexicon

OFFLINE_ENGINE = "sphinx"
#: Frames (30 ms) the voice activity detector must call speech before anything counts as heard.
MIN_SPEECH_FRAMES = 5
#: The longest speech taken for a command (seconds): the longest command said slowly fits;
#: anything longer is other speech, rejected without the cost of decoding it.
LONGEST_COMMAND = 3.0
#: Frames of audio kept before the first and after the last speech frame; the rest is not
#: decoded, which saves most of the time a decode takes.
MARGIN_BEFORE, MARGIN_AFTER = 5, 8
#: Optional words spoken before a command are phrases ("go to", "tell me about") or longer
#: single words ("please"); short single words ("the", "now") would soak up other speech.
LONG_WORD = 6
#: Search settings for short commands, tuned with benchmarks/speech_commands.py: the whole
#: command is there before decoding starts, so cepstral means come from all of it (batch) rather
#: than a running guess (quiet speech gained most); a stiffer word insertion penalty keeps the
#: garbage loop from winning with many short words; no second best-path pass over the lattice
#: (it cost over a second on some non-commands and made the answers worse).
DECODER_SETTINGS: dict[str, object] = {"wip": 1e-3, "cmn": "batch", "maxhmmpf": 10000,
                                      "bestpath": False}
#: Overrides of the grammar's defaults (garbage_size, garbage_weight), for tuning.
GRAMMAR_SETTINGS: dict[str, object] = {}


class RecognitionUnavailable(RuntimeError):
    """Speech cannot be recognised in this language or with this engine; says why in a line."""


class Outcome(StrEnum):
    COMMAND = "command"
    #: Speech that is not a command (VoiceXML's nomatch).
    NOMATCH = "nomatch"
    #: No speech at all (VoiceXML's noinput).
    NOINPUT = "noinput"


@dataclass(frozen=True)
class Transcript:
    words: str
    #: Speech that matched nothing the grammar allows, or an engine that heard no words.
    rejected: bool
    heard_speech: bool
    decode_ms: float


@dataclass(frozen=True)
class Recognition:
    heard: str
    command: Command
    outcome: Outcome
    decode_ms: float


class Transcriber(abc.ABC):
    lang: str

    @abc.abstractmethod
    def transcribe(self, audio: sr.AudioData) -> Transcript: ...

    def load(self) -> None:
        """Do the slow part now (it happens on first use otherwise)."""


class SphinxTranscriber(Transcriber):
    """pocketsphinx with the command grammar; the model loads on first use, once."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.lang = vocabulary.lang
        self.vocabulary = vocabulary
        self.grammar: Grammar | None = None
        self.load_ms: float | None = None
        self._decoder = None
        self._vad = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._decoder is None:
                started = time.perf_counter()
                self._decoder, self.grammar = _grammar_decoder(self.vocabulary)
                self._vad = _vad()
                self.load_ms = (time.perf_counter() - started) * 1000

    def transcribe(self, audio: sr.AudioData) -> Transcript:
        self.load()
        raw = pcm16k(audio)
        with self._lock:
            started = time.perf_counter()
            speech = _speech_part(self._vad, raw)
            words: list[str] = []
            if len(speech) > LONGEST_COMMAND * SAMPLE_RATE * 2:
                words = ["<too-long>"]
            elif speech:
                self._decoder.start_utt()
                self._decoder.process_raw(speech, no_search=False, full_utt=True)
                self._decoder.end_utt()
                hypothesis = self._decoder.hyp()
                words = hypothesis.hypstr.split() if hypothesis else []
            elapsed = (time.perf_counter() - started) * 1000
        rejected = bool(speech) and (not words or any(is_garbage(w) or w == "<too-long>"
                                                      for w in words))
        return Transcript("" if rejected else " ".join(words), rejected, bool(speech), elapsed)


class OnlineTranscriber(Transcriber):
    """An engine SpeechRecognition reaches over the network; only ever chosen by name."""

    def __init__(self, engine: str, lang: str) -> None:
        self.recognizer = sr.Recognizer()
        self.method = getattr(self.recognizer, f"recognize_{engine}", None)
        if engine == OFFLINE_ENGINE or self.method is None:
            raise RecognitionUnavailable(f"there is no speech engine called {engine!r}")
        self.engine, self.lang = engine, lang

    def transcribe(self, audio: sr.AudioData) -> Transcript:
        started = time.perf_counter()
        try:
            words = self.method(audio, language=self.lang)
        except sr.UnknownValueError:
            words = ""
        except sr.RequestError as error:
            raise RecognitionUnavailable(f"the {self.engine} speech service cannot be "
                                         f"reached ({error})") from None
        except TypeError:  # engines that take no language argument
            words = self.method(audio)
        text = words if isinstance(words, str) else str(words)
        elapsed = (time.perf_counter() - started) * 1000
        return Transcript(text, not text, True, elapsed)


def transcriber(vocabulary: Vocabulary, engine: str = OFFLINE_ENGINE) -> Transcriber:
    if engine == OFFLINE_ENGINE:
        return SphinxTranscriber(vocabulary)
    return OnlineTranscriber(engine, vocabulary.lang)


class CommandRecognizer:
    """Audio in, a command out, through the language's vocabulary."""

    def __init__(self, transcriber: Transcriber, vocabulary: Vocabulary) -> None:
        self.transcriber, self.vocabulary = transcriber, vocabulary

    def recognize(self, audio: sr.AudioData) -> Recognition:
        transcript = self.transcriber.transcribe(audio)
        if not transcript.heard_speech:
            return Recognition("", NOT_UNDERSTOOD, Outcome.NOINPUT, transcript.decode_ms)
        command = NOT_UNDERSTOOD if transcript.rejected else self.vocabulary.parse(
            transcript.words)
        outcome = Outcome.NOMATCH if command == NOT_UNDERSTOOD else Outcome.COMMAND
        return Recognition(transcript.words, command, outcome, transcript.decode_ms)

    def recognize_file(self, path: Path) -> Recognition:
        return self.recognize(read_audio(path))


def _grammar_decoder(vocabulary: Vocabulary):
    try:
        import pocketsphinx
    except ImportError as error:
        raise RecognitionUnavailable(f"pocketsphinx is not installed ({error})") from None
    leading, trailing = spoken_fillers(vocabulary.fillers)
    words = {w for phrase in (*vocabulary.phrases, *leading) for w in phrase.split()}
    garbage = garbage_words()
    try:
        lexicon = load_lexicon(vocabulary.lang, words, english=garbage)
    except LexiconMissing:
        raise RecognitionUnavailable(
            f"speech recognition is not available in this language ({vocabulary.lang}) yet; "
            "keys and typed commands work") from None
    grammar = build_grammar(vocabulary.phrases, leading, trailing, lexicon.pronunciations,
                            garbage, **GRAMMAR_SETTINGS)
    model = Path(pocketsphinx.get_model_path()) / "en-us" / "en-us"
    config = pocketsphinx.Config(hmm=str(model), dict=None, lm=None, loglevel="ERROR",
                                 samprate=SAMPLE_RATE, **DECODER_SETTINGS)
    decoder = pocketsphinx.Decoder(config)
    # a second pronunciation is a word of its own to pocketsphinx: "again(2)"
    spelled = {**{w: w for w in grammar.words}, **grammar.garbage}
    entries = [(name if n == 1 else f"{name}({n})", phones)
               for name, word in sorted(spelled.items())
               for n, phones in enumerate(lexicon.pronunciations[word], start=1)]
    for index, (word, phones) in enumerate(entries):
        decoder.add_word(word, phones, update=index == len(entries) - 1)
    decoder.add_jsgf_string("commands", grammar.jsgf)
    decoder.activate_search("commands")
    return decoder, grammar


def spoken_fillers(fillers: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The optional words said before a command, and the politeness said after one."""
    long_words = [f for f in fillers if " " not in f and len(f) >= LONG_WORD]
    return [f for f in fillers if " " in f] + long_words, long_words


def _vad():
    import pocketsphinx
    return pocketsphinx.Vad(pocketsphinx.Vad.LOOSE if hasattr(pocketsphinx.Vad, "LOOSE") else 0,
                            SAMPLE_RATE, 0.03)


def _speech_part(vad, raw: bytes) -> bytes:
    """The audio from just before the first speech to just after the last; empty when there
    is too little speech to be a command."""
    size = vad.frame_bytes
    speech = [n for n, start in enumerate(range(0, len(raw) - size + 1, size))
              if vad.is_speech(raw[start:start + size])]
    if len(speech) < MIN_SPEECH_FRAMES:
        return b""
    first = max(0, speech[0] - MARGIN_BEFORE)
    return raw[first * size:(speech[-1] + 1 + MARGIN_AFTER) * size]
