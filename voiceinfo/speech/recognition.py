"""Speech in, as words and commands.

A `Transcriber` turns a short piece of audio into words. The offline one (the default, and the
only one that keeps audio on the machine) is pocketsphinx's own `Decoder` searching the
grammar made from the language's command words (`grammar`: its JSGF, loaded as the smaller
finite-state graph that says the same), with a garbage loop that rejects other speech; in
English, steady noise is taken out first (`denoise`) and words that match the sound poorly are
rejected after (`Tuning`). Whisper (`transcribe_whisper`) hears what the grammar is not sure of
(`Sureness`), the other languages, and questions. An online engine that SpeechRecognition offers
can be chosen by name. `CommandRecognizer` then maps the words through the same `Vocabulary`
that typed commands use; `Recognizers` keeps one a language.
"""

from __future__ import annotations

import abc
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import numpy as np
import speech_recognition as sr

from voiceinfo.commands import NOT_UNDERSTOOD, Command, Vocabulary
from voiceinfo.i18n import SOURCE_LOCALE
from voiceinfo.speech import LOCAL_ENGINES, OFFLINE_ENGINE, SPHINX_ENGINE, WHISPER_ENGINE
from voiceinfo.speech.capture import SAMPLE_RATE, pcm16k, read_audio
from voiceinfo.speech.denoise import suppress_noise
from voiceinfo.speech.grammar import (GARBAGE_SIZE, GARBAGE_WEIGHT, Grammar, build_grammar,
                                      is_garbage)
from voiceinfo.speech.lexicon import LexiconMissing, garbage_words, load_lexicon
from voiceinfo.speech.spoken_text import command_words
from voiceinfo.speech.whisper_models import WhisperModels

#: Frames (30 ms) the voice activity detector must call speech before anything counts as heard.
MIN_SPEECH_FRAMES = 5
#: The longest speech taken for a command (seconds, margins included): the longest command said
#: slowly fits; anything longer is other speech, rejected without the cost of decoding it.
LONGEST_COMMAND_SECONDS = 3.0
#: Frames of audio kept before the first and after the last speech frame; the rest is not
#: decoded, which saves most of the time a decode takes.
MARGIN_BEFORE, MARGIN_AFTER = 5, 8
#: Optional words spoken before a command are phrases ("go to", "tell me about") or longer
#: single words ("please"); short single words ("the", "now") would soak up other speech.
LONG_WORD = 6
#: Search settings for short commands in every language, tuned with
#: benchmarks/speech_commands.py: the whole command is there before decoding starts, so cepstral
#: means come from all of it (batch) rather than a running guess (quiet speech gained most; each
#: utterance still starts from the means the last one left, so the first command after start-up
#: is heard a little differently from the same words later); a stiffer word insertion penalty
#: keeps the garbage loop from winning with many short words; no second best-path pass over the
#: lattice (it cost over a second on some non-commands and made the answers worse).
DECODER_SETTINGS: dict[str, object] = {"wip": 1e-3, "cmn": "batch", "maxhmmpf": 10000,
                                      "bestpath": False}
#: Long speech is scored coarsely: pocketsphinx searches each frame's Gaussians in full only
#: every COARSE_STEP frames (its `ds`) and between them re-scores the best few it found last.
#: That halves the acoustic scoring, most of a decode's time. It costs short, quick commands
#: dearly (5 points of English commands when used for all speech), but long speech is mostly
#: not a command, and a long command has many frames to be told by: used beyond 2 s in English,
#: the p95 decode time fell from 60-64 to 48 ms, one command in 930 was lost, and other speech
#: rejected rose from 85.9 to 88.0 %. The other languages gained as much time but lost as
#: many commands or rejections as they gained, so they score all speech in full.
COARSE_STEP = 2
#: Below this signal-to-noise ratio (dB) the least acoustic match is lowered, a little for each
#: decibel: noise lowers every match, a real command's too.
CLEAR_SNR_DB, NOISE_ALLOWANCE = 35.0, 0.0001
#: The top of narrowband sound (telephone lines, Bluetooth headsets' hands-free link), and the
#: share of the power above it below which sound counts as narrowband: measured, 3e-8 for flite
#: speech sampled down to 8 kHz and back, 7e-9 for flite's 8 kHz voice, 2e-5 to 7e-4 for its
#: 16 kHz voices; any noise above 4 kHz lifts it past this, and then noise's allowance applies.
NARROW_BAND_HZ, NARROW_SHARE = 4000, 1e-6


@dataclass(frozen=True)
class Tuning:
    """How the offline recognizer is set for one language, measured with the benchmarks."""

    #: pocketsphinx settings beyond DECODER_SETTINGS.
    decoder: Mapping[str, object] = field(default_factory=dict)
    garbage_size: int = GARBAGE_SIZE
    garbage_weight: float = GARBAGE_WEIGHT
    #: The least acoustic match (mean log score a frame of the best path, against each frame's
    #: best-matching sound; 0 is perfect) for words to count as heard, or None for no such test.
    least_match: float | None = None
    #: Whether steady background noise is taken out before decoding (`denoise`).
    suppress_noise: bool = False
    #: Speech longer than this (seconds, margins included) is scored coarsely (`COARSE_STEP`),
    #: or None for never.
    long_speech: float | None = None
    #: The acoustic confirmation of a single short word: when the command heard is one word of
    #: one syllable ("up", "one", "skip"), the least match of that word's own frames (silence
    #: and noise around it left out), or None for no such test. See `judge`.
    least_short_match: float | None = None
    #: How much lower both least matches are for narrowband sound (`NARROW_SHARE`): with
    #: nothing above 4 kHz, even the right words match the full-band model poorly.
    narrowband_allowance: float = 0.0


#: English, tuned on the flite test audio (benchmarks/speech_commands.py). Noise taken out
#: (commands in noise 85 -> 93 % before any rejection, and slowed or hurried speech gained
#: too); noise fillers as likely as words, so the hiss around a command is not heard as "fifth"
#: or "stiffness"; a lighter grammar weight than pocketsphinx's 6.5, which trusted the grammar
#: over the sound; a smaller garbage loop, quicker, and much less likely than a command, so that
#: it takes only speech that sounds like none of them, with the acoustic match catching the rest.
#: The last two set how many commands are heard against how much other speech is rejected:
#: odds of 1e-14 with -0.0040 heard 97.4 % and rejected 88.0 % on slt, rms and awb. Speech over
#: 2 s is scored coarsely (COARSE_STEP). Chosen again on all five flite voices by
#: benchmarks/speech_heldout.py, which picks the most commands with at least 87 % of other speech
#: rejected: the same odds and match, with narrowband sound allowed 0.0005 (kal, flite's 8 kHz
#: voice, left out and measured: 75 -> 81 % of commands). The confirmation of single short words
#: is there to be tried, but no fold chose it: on these voices a short word's own match does not
#: tell a right word from a wrong one (of 387 single short words heard, the 10 wrong ones were
#: spread through the matches of the right ones), so it only lost right words.
ENGLISH = Tuning(decoder={"fillprob": 0.1, "lw": 4.0}, garbage_size=100, garbage_weight=1e-14,
                 least_match=-0.0040, suppress_noise=True, long_speech=2.0,
                 narrowband_allowance=0.0005)
#: The other languages are heard through lexicons mapped onto the English model's phones, so
#: every match is poorer: each of English's changes cost them more commands than it saved on
#: their eSpeak NG test audio (benchmarks/speech_locales.py; noise suppression alone took
#: Spanish from 72 to 54 %), so they keep the shared settings.
TUNINGS: Mapping[str, Tuning] = {"en": ENGLISH}


def tuning_for(lang: str) -> Tuning:
    return TUNINGS.get(lang, Tuning())


class RecognitionUnavailable(RuntimeError):
    """Speech cannot be recognised in this language or with this engine; says why in a line."""


class Outcome(StrEnum):
    COMMAND = "command"
    #: Speech that is not a command (VoiceXML's nomatch).
    NOMATCH = "nomatch"
    #: No speech at all (VoiceXML's noinput).
    NOINPUT = "noinput"


class Rejection(StrEnum):
    """Why speech was not taken as words of a command."""

    #: The search found no way through the grammar, or an online engine heard no words.
    NO_WORDS = "no words"
    #: Other speech matched the garbage loop better than any command.
    GARBAGE = "garbage"
    #: The best command matched the sound too poorly (`Tuning.least_match`).
    POOR_MATCH = "poor match"
    #: Longer than any command (`LONGEST_COMMAND_SECONDS`), so not decoded.
    TOO_LONG = "too long"
    #: One short command word whose own frames matched the sound too poorly
    #: (`Tuning.least_short_match`).
    UNCONFIRMED = "unconfirmed"
    #: Too many words of a free question heard doubtfully (`question_model.QuestionTuning`).
    DOUBTFUL = "doubtful"
    #: Whisper's text repeats itself (`transcribe_whisper.WhisperTuning.most_compression`).
    LOOPING = "looping"
    #: Whisper's text is its prompt said back (`transcribe_whisper.echoes`).
    ECHO = "echo"



    @property
    def rejected(self) -> bool:
        return self.rejection is not None


@dataclass(frozen=True)
class Hearing:
    """What one decode found, before a tuning's tests (`judge`) decide whether it counts: kept
    apart so that benchmarks can decode once and try many thresholds."""

    #: The best path's words, garbage words included; empty when there was no path.
    words: tuple[str, ...]
    #: `acoustic_match` over the whole best path, silences and noises included.
    match: float
    #: The same over the frames of the grammar's words only (silence and noise left out).
    word_match: float
    #: The signal-to-noise estimate of the noise removal, or None when noise was left in.
    snr_db: float | None
    #: The word, when all that was heard is one word of one syllable (`Grammar.short_words`).
    short: str | None
    #: The share of the speech's power above 4 kHz: near nothing for narrowband sound (a
    #: telephone line, a headset on Bluetooth's hands-free link, flite's 8 kHz voice).
    high_band: float
    heard_speech: bool
    too_long: bool
    decode_ms: float


@dataclass(frozen=True)
class Transcript:
    words: str
    heard_speech: bool
    decode_ms: float
    rejection: Rejection | None = None
    #: What the grammar's decoding found, for deciding whether it is sure (`Sureness`).
    hearing: Hearing | None = None

    @property
    def rejected(self) -> bool:
        return self.rejection is not None


@dataclass(frozen=True)
class Recognition:
    heard: str
    command: Command
    outcome: Outcome
    decode_ms: float
    #: The engine whose hearing decided: "sphinx", "whisper" or an online engine's name.
    decided_by: str = SPHINX_ENGINE


class Transcriber(abc.ABC):
    lang: str
    #: The engine's name, as `Recognition.decided_by` reports it.
    engine: str = SPHINX_ENGINE

    @abc.abstractmethod
    def transcribe(self, audio: sr.AudioData) -> Transcript: ...

    def load(self) -> None:
        """Do the slow part now (it happens on first use otherwise)."""

    @property
    def loaded(self) -> bool:
        """Whether it can hear at once, rather than after loading."""
        return True


class SphinxTranscriber(Transcriber):
    """pocketsphinx with the command grammar; the model loads on first use, once."""

    def __init__(self, vocabulary: Vocabulary, tuning: Tuning | None = None) -> None:
        self.lang = vocabulary.lang
        self.vocabulary = vocabulary
        self.tuning = tuning or tuning_for(vocabulary.lang)
        self.grammar: Grammar | None = None
        self.load_ms: float | None = None
        self._decoder = None
        self._coarse_decoder = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._decoder is None:
                started = time.perf_counter()
                self._decoder, self._coarse_decoder, self.grammar = _grammar_decoders(
                    self.vocabulary, self.tuning)
                self.load_ms = (time.perf_counter() - started) * 1000

    def transcribe(self, audio: sr.AudioData) -> Transcript:
        hearing = self.hear(audio)
        words, rejection = judge(hearing, self.tuning)
        return Transcript(" ".join(words), hearing.heard_speech, hearing.decode_ms, rejection,
                          hearing)

    def hear(self, audio: sr.AudioData) -> Hearing:
        """Decode the audio's speech part; `judge` then decides whether its words count."""
        self.load()
        raw = pcm16k(audio)
        with self._lock:
            started = time.perf_counter()
            cleaned = suppress_noise(raw) if self.tuning.suppress_noise else None
            speech = speech_part(cleaned.pcm if cleaned else raw)
            too_long = len(speech) > LONGEST_COMMAND_SECONDS * SAMPLE_RATE * 2
            words, segments = ((), []) if too_long or not speech else self._decode(speech)
            band = high_band(speech)
            elapsed = (time.perf_counter() - started) * 1000
        spoken = [s for s in segments if base_word(s.word) in self.grammar.words]
        return Hearing(words, acoustic_match(segments), acoustic_match(spoken),
                       cleaned.snr_db if cleaned else None, self._short(words), band,
                       bool(speech), too_long, elapsed)

    def _decode(self, speech: bytes) -> tuple[tuple[str, ...], list]:
        """The words of the best path through the grammar, and its segments."""
        decoder = self._decoder
        if self._coarse_decoder and len(speech) > self.tuning.long_speech * SAMPLE_RATE * 2:
            decoder = self._coarse_decoder
        decoder.start_utt()
        decoder.process_raw(speech, no_search=False, full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        words = tuple(hypothesis.hypstr.split()) if hypothesis else ()
        return words, list(decoder.seg()) if words else []

    def _short(self, words: tuple[str, ...]) -> str | None:
        """The word, when what was heard is one word of one syllable and nothing else."""
        if len(words) == 1 and self.grammar and words[0] in self.grammar.short_words:
            return words[0]
        return None


def judge(hearing: Hearing, tuning: Tuning) -> tuple[tuple[str, ...], Rejection | None]:
    """The words heard, or why they do not count.

    Beyond the garbage loop, two acoustic tests, each lowered a little in noise and for
    narrowband sound. The best path as a whole must match the sound well enough
    (`Tuning.least_match`). And a command of one short word may be held to a match on its own
    frames (`Tuning.least_short_match`): around a word of one syllable the silence the
    endpointer leaves is most of the frames, and silence matches well, so a poor match of the
    word itself can hide in the mean of the whole path (English leaves this test off: measured,
    it rejected right words as often as wrong ones).
    """
    if not hearing.heard_speech:
        return (), None
    if hearing.too_long:
        return (), Rejection.TOO_LONG
    if not hearing.words:
        return (), Rejection.NO_WORDS
    if any(is_garbage(word) for word in hearing.words):
        return (), Rejection.GARBAGE
    allowance = NOISE_ALLOWANCE * noise_below_clear(hearing.snr_db)
    if hearing.high_band < NARROW_SHARE:
        allowance += tuning.narrowband_allowance
    if tuning.least_match is not None and hearing.match < tuning.least_match - allowance:
        return (), Rejection.POOR_MATCH
    if (tuning.least_short_match is not None and hearing.short
            and hearing.word_match < tuning.least_short_match - allowance):
        return (), Rejection.UNCONFIRMED
    return hearing.words, None


def high_band(pcm: bytes) -> float:
    """The share of the power above NARROW_BAND_HZ in 16 kHz 16-bit audio (0 for none)."""
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    if len(samples) < 2:
        return 0.0
    power = np.abs(np.fft.rfft(samples)) ** 2
    split = len(power) * NARROW_BAND_HZ // (SAMPLE_RATE // 2)
    total = power.sum()
    return float(power[split:].sum() / total) if total else 0.0


def base_word(name: str) -> str:
    """A word as the grammar spells it: "again(2)", pocketsphinx's second pronunciation, is
    "again"."""
    return name.split("(")[0]


def noise_below_clear(snr_db: float | None) -> float:
    """Decibels of signal-to-noise short of a clear recording (0 for one, or for unknown)."""
    return 0.0 if snr_db is None else max(0.0, CLEAR_SNR_DB - snr_db)


def acoustic_match(segments: Iterable) -> float:
    """The mean log acoustic score a frame over pocketsphinx's segments (words, silences and
    noises); the scores are already relative to each frame's best-matching sound."""
    frames, total = 0, 0.0
    for segment in segments:
        if segment.word != "(NULL)":
            frames += segment.end_frame - segment.start_frame + 1
            total += math.log(max(segment.ascore, 1e-300))
    return total / frames if frames else -math.inf


class OnlineTranscriber(Transcriber):
    """An engine SpeechRecognition reaches over the network; only ever chosen by name."""

    def __init__(self, engine: str, lang: str) -> None:
        self.recognizer = sr.Recognizer()
        self.method = getattr(self.recognizer, f"recognize_{engine}", None)
        if engine in LOCAL_ENGINES or self.method is None:
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
        return Transcript(text, True, elapsed, None if text else Rejection.NO_WORDS)


@dataclass(frozen=True)
class Sureness:
    """When the grammar's hearing of an English command is taken without asking Whisper.

    The defaults are what leave-one-voice-out measurement chose (benchmarks/speech_whisper.py
    --english: six voices, the neural one among them, seven conditions; each voice left out in
    turn, the setting chosen on the other five; five folds of six chose these, and so did all
    six voices together): the grammar is sure of whatever it does not reject, and Whisper hears
    again only what it rejected. Sending one-syllable words, narrowband sound or weaker matches
    to Whisper as well lost more commands than it saved, since Whisper tiny.en, alone, heard
    only 72-76 % of these voices' commands (flite's "up" is its "at", "pause" its "plus").
    """

    #: The least acoustic match of the whole best path (`Hearing.match`) to be sure.
    least_match: float = -0.0040
    #: Whether a command of one word of one syllable ("up", "one", "skip") can be sure.
    short_words: bool = True
    #: Whether narrowband sound (nothing above 4 kHz: a phone line, a headset's hands-free
    #: link) can be sure.
    narrowband: bool = True
    #: Whether what the grammar rejected (other speech, a poor match) is heard again by
    #: Whisper: most commands the grammar missed are there.
    recheck_rejected: bool = True
    #: Whether the grammar's command stands when Whisper, asked, hears no command at all,
    #: rather than only when Whisper hears the same command.
    grammar_stands: bool = False


SURENESS = Sureness()


def is_sure(transcript: Transcript, sureness: Sureness) -> bool:
    """Whether the grammar's hearing stands on its own; speech too long to be a command and
    silence always do (Whisper would hear no more)."""
    hearing = transcript.hearing
    if hearing is None or not transcript.heard_speech or transcript.rejection is Rejection.TOO_LONG:
        return True
    if transcript.rejected:
        return not sureness.recheck_rejected
    if hearing.short is not None and not sureness.short_words:
        return False
    if hearing.high_band < NARROW_SHARE and not sureness.narrowband:
        return False
    return hearing.match >= sureness.least_match


def transcriber(vocabulary: Vocabulary, engine: str = SPHINX_ENGINE) -> Transcriber:
    """A transcriber of one engine alone: the grammar's, or an online one named."""
    if engine in (OFFLINE_ENGINE, SPHINX_ENGINE):
        return SphinxTranscriber(vocabulary)
    return OnlineTranscriber(engine, vocabulary.lang)


class CommandRecognizer:
    """Audio in, a command out, through the language's vocabulary.

    With a `second` transcriber, the first one's hearing is taken when it is sure
    (`is_sure`), and otherwise the second one hears the same audio and decides. The second
    one is only asked once it has loaded (it loads off the critical path): until then the
    first one's hearing is taken as it is."""

    def __init__(self, transcriber: Transcriber, vocabulary: Vocabulary,
                 second: Transcriber | None = None, sureness: Sureness = SURENESS) -> None:
        self.transcriber, self.vocabulary = transcriber, vocabulary
        self.second, self.sureness = second, sureness

    def recognize(self, audio: sr.AudioData) -> Recognition:
        transcript = self.transcriber.transcribe(audio)
        first = self.interpret(transcript, self.transcriber.engine)
        if (self.second is None or not self.second.loaded
                or is_sure(transcript, self.sureness)):
            return first
        second = self.second.transcribe(audio)
        decided = self.interpret(second, self.second.engine)
        if (decided.outcome is not Outcome.COMMAND and first.outcome is Outcome.COMMAND
                and self.sureness.grammar_stands):
            decided = first
        return replace(decided, decode_ms=transcript.decode_ms + second.decode_ms)

    def interpret(self, transcript: Transcript, engine: str) -> Recognition:
        """The command that a transcript's words are, in this vocabulary."""
        if not transcript.heard_speech:
            return Recognition("", NOT_UNDERSTOOD, Outcome.NOINPUT, transcript.decode_ms,
                               engine)
        command = NOT_UNDERSTOOD if transcript.rejected else self.vocabulary.parse(
            command_words(transcript.words, self.vocabulary))
        outcome = Outcome.NOMATCH if command == NOT_UNDERSTOOD else Outcome.COMMAND
        return Recognition(transcript.words, command, outcome, transcript.decode_ms, engine)

    def recognize_file(self, path: Path) -> Recognition:
        return self.recognize(read_audio(path))


class Recognizers:
    """A command recognizer per language, made and loaded on first use, then kept, and the
    transcriber of spoken questions per language.

    With the default engine (`OFFLINE_ENGINE`) and Whisper's models at hand (`models`), English
    commands are heard by the grammar first and by Whisper when it is unsure, and every other
    language's commands and every question by Whisper. Without the models, it says so once
    through `warn` and hears with pocketsphinx alone: commands in every language through its
    lexicon (a language that cannot be heard falls back to English's words), questions in
    English through the guide's own question model (`questions()`).

    It lives with speech in, not with the local front end, because which languages can be heard
    and what stands in for one that cannot is speech in's knowledge, wanted by any front end that
    listens. Several threads may ask at once (the local front end loads the first recognizer on a
    thread of its own while it prompts, and the microphone thread may want it before that is
    done), so each is made under a lock, once; a second caller waits instead of loading it again.
    Whisper, slower to load, loads on a thread of its own unless `wait` is set.
    """

    def __init__(self, vocabulary: Callable[[str], Vocabulary], engine: str,
                 warn: Callable[[str], None],
                 questions: Callable[[], Transcriber] | None = None,
                 models: WhisperModels | None = None, wait: bool = False,
                 prompts: Callable[[str], str | None] | None = None) -> None:
        """`questions()` makes pocketsphinx's transcriber of English questions; `prompts(lang)`
        gives the text Whisper takes as said before a question in that language."""
        self.vocabulary, self.engine, self.warn = vocabulary, engine, warn
        self.questions, self.models, self.wait = questions, models, wait
        self.prompts = prompts or (lambda lang: None)
        self._questions: dict[str, Transcriber] = {}
        self._made: dict[str, CommandRecognizer] = {}
        self._whisper_said = False
        # re-entrant: a language that falls back asks for English while it holds the lock
        self._lock = threading.RLock()

    def __call__(self, lang: str) -> CommandRecognizer:
        """Raises RecognitionUnavailable only when English itself cannot be heard."""
        with self._lock:
            if lang not in self._made:
                self._made[lang] = self._make(lang)
            return self._made[lang]

    @property
    def uses_whisper(self) -> bool:
        return self.models is not None and self.engine in (OFFLINE_ENGINE, WHISPER_ENGINE)

    def question_transcriber(self, lang: str = SOURCE_LOCALE) -> Transcriber:
        """The transcriber of spoken questions in `lang`, made and loaded on first use, then
        kept: Whisper, or the online engine chosen by name, which hears any words; without
        Whisper, the guide's own question model, in English alone."""
        with self._lock:
            if lang not in self._questions:
                made = self._question_maker(lang)
                made.load()
                self._questions[lang] = made
            return self._questions[lang]

    def _question_maker(self, lang: str) -> Transcriber:
        if self.engine not in LOCAL_ENGINES:
            return self(lang).transcriber
        if self.uses_whisper:
            from voiceinfo.speech.transcribe_whisper import QUESTIONS, WhisperTranscriber
            whisper = WhisperTranscriber(lang, self.models, QUESTIONS, self.prompts(lang))
            try:
                whisper.load()
                return whisper
            except RecognitionUnavailable as error:
                self._say_whisper_missing(error)
        if lang != SOURCE_LOCALE or self.questions is None:
            raise RecognitionUnavailable("spoken questions cannot be heard in this language "
                                         "without the Whisper model; typed questions work")
        return self.questions()

    def _make(self, lang: str) -> CommandRecognizer:
        vocabulary = self.vocabulary(lang)
        if self.engine not in LOCAL_ENGINES:
            return CommandRecognizer(OnlineTranscriber(self.engine, lang), vocabulary)
        whisper = self._whisper(vocabulary) if self.uses_whisper else None
        if whisper is not None and (lang != SOURCE_LOCALE or self.engine == WHISPER_ENGINE):
            return CommandRecognizer(whisper, vocabulary)
        recognizer = CommandRecognizer(SphinxTranscriber(vocabulary), vocabulary, whisper)
        try:
            recognizer.transcriber.load()
        except RecognitionUnavailable as error:
            if lang == SOURCE_LOCALE:
                raise
            self.warn(str(error))
            return self(SOURCE_LOCALE)
        if whisper is not None:
            self._load(whisper, wait=self.wait)
        return recognizer

    def _whisper(self, vocabulary: Vocabulary) -> Transcriber | None:
        """Whisper for this language's commands, or None (said once) when it cannot be had.
        Only a language that Whisper alone hears is loaded here, at once."""
        from voiceinfo.speech.transcribe_whisper import COMMANDS, WhisperTranscriber
        lang = vocabulary.lang
        # English's split was chosen without the restricted pass, so far measured on the other
        # languages alone
        within = None if lang == SOURCE_LOCALE else vocabulary
        whisper = WhisperTranscriber(lang, self.models, COMMANDS, vocabulary=within)
        if lang == SOURCE_LOCALE and self.engine == OFFLINE_ENGINE:
            return whisper
        return whisper if self._load(whisper, wait=True) else None

    def _load(self, whisper: Transcriber, wait: bool) -> bool:
        """Loads Whisper now or on a thread of its own; whether it loaded (True when later)."""
        def load() -> bool:
            try:
                whisper.load()
                return True
            except RecognitionUnavailable as error:
                self._say_whisper_missing(error)
                return False

        if wait:
            return load()
        threading.Thread(target=load, daemon=True, name="whisper").start()
        return True

    def _say_whisper_missing(self, error: RecognitionUnavailable) -> None:
        with self._lock:
            if not self._whisper_said:
                self._whisper_said = True
                self.warn(f"{error}; listening with pocketsphinx alone")


def _grammar_decoders(vocabulary: Vocabulary, tuning: Tuning):
    """The grammar, its decoder, and the coarser decoder for long speech (or None)."""
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
                            garbage, tuning.garbage_size, tuning.garbage_weight)
    # a second pronunciation is a word of its own to pocketsphinx: "again(2)"
    spelled = {**{w: w for w in grammar.words}, **grammar.garbage}
    entries = [(name if n == 1 else f"{name}({n})", phones)
               for name, word in sorted(spelled.items())
               for n, phones in enumerate(lexicon.pronunciations[word], start=1)]
    settings = {**DECODER_SETTINGS, **tuning.decoder}
    coarse = None
    if tuning.long_speech is not None:
        coarse = _decoder(pocketsphinx, grammar, entries, {**settings, "ds": COARSE_STEP})
    return _decoder(pocketsphinx, grammar, entries, settings), coarse, grammar


def _decoder(pocketsphinx, grammar: Grammar, entries: list[tuple[str, str]],
             settings: Mapping[str, object]):
    model = Path(pocketsphinx.get_model_path()) / "en-us" / "en-us"
    decoder = pocketsphinx.Decoder(pocketsphinx.Config(
        hmm=str(model), dict=None, lm=None, loglevel="FATAL", samprate=SAMPLE_RATE, **settings))
    for index, (word, phones) in enumerate(entries):
        decoder.add_word(word, phones, update=index == len(entries) - 1)
    graph = grammar.graph
    decoder.add_fsg("commands", decoder.create_fsg("commands", graph.start, graph.final,
                                                   graph.transitions()))
    decoder.activate_search("commands")
    return decoder


def spoken_fillers(fillers: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The optional words said before a command, and the politeness said after one."""
    long_words = [f for f in fillers if " " not in f and len(f) >= LONG_WORD]
    return [f for f in fillers if " " in f] + long_words, long_words


def speech_part(raw: bytes) -> bytes:
    """The audio from just before the first speech to just after the last; empty when there
    is too little speech to be a command. The voice activity detector adapts to the sound it
    hears, so each utterance gets a new one: the same words are cut the same way whatever was
    heard before."""
    import pocketsphinx
    vad = pocketsphinx.Vad(pocketsphinx.Vad.LOOSE, SAMPLE_RATE, 0.03)
    size = vad.frame_bytes
    speech = [n for n, start in enumerate(range(0, len(raw) - size + 1, size))
              if vad.is_speech(raw[start:start + size])]
    if len(speech) < MIN_SPEECH_FRAMES:
        return b""
    first = max(0, speech[0] - MARGIN_BEFORE)
    return raw[first * size:(speech[-1] + 1 + MARGIN_AFTER) * size]
