"""Whisper (through faster-whisper's CTranslate2 model) as a `Transcriber`: free speech in any of
the five languages, for commands that the grammar cannot hear surely and for spoken questions.

The model loads on first use, once a process for each model folder, and is shared by every
transcriber that uses it (commands and questions in English both use tiny.en). Decoding is
greedy (`beam_size=1`) at temperature 0: a command is a few tokens, and the fallback to higher
temperatures that Whisper uses for long audio only invents words in short audio.

Whisper invents text when there is little to hear ("Thanks for watching."), so what it writes is
only taken when it passes three tests on the decoding itself (`WhisperTuning`): the model's own
probability that there was no speech, the mean log probability of its tokens, and the
compression ratio of the text (a loop compresses well). The audio is trimmed to its speech by
the same voice activity detector the grammar uses first: no speech is noinput, never decoded.
A command's decoding is also capped at a few more tokens than the longest command, so that it
cannot run on ("two, three, four, … pause, repeat").

Given the language's `Vocabulary`, a command whose free text names none is decoded a second
time from the same encoding, with a small beam, every token but the vocabulary's own suppressed
(`settle`): eSpeak NG's "más despacio", freely "más deshazos", is then "Más despacio.". That pass may only spell with the commands' pieces, not choose a whole command, so it
is held to a stricter least log probability. Scoring each whole command phrase under the
decoder (closed-set scoring) was measured too, with CTranslate2's `align`: 20 to 100 s for the
222 Spanish phrases on these 2 cores, far from a spoken reply.
"""

from __future__ import annotations

import os
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import speech_recognition as sr

from voiceinfo.commands import NOT_UNDERSTOOD, Vocabulary, normalize
from voiceinfo.speech import WHISPER_ENGINE
from voiceinfo.speech.capture import SAMPLE_RATE, pcm16k
from voiceinfo.speech.recognition import (LONGEST_COMMAND_SECONDS, RecognitionUnavailable,
                                          Rejection, Transcriber, Transcript, speech_part)
from voiceinfo.speech.spoken_text import command_words
from voiceinfo.speech.whisper_models import ModelFolder, WhisperMissing, WhisperModels

#: Whisper's window: every input is padded to 30 s of 10 ms frames (faster-whisper does so) ...
WINDOW_FRAMES = 3000
#: ... but the encoder takes a shorter one, and its time falls with it (`WhisperTuning`).
SHORT_WINDOW_FRAMES = 1000
#: Frames of silence kept after the speech within the window, rounded up to this many.
WINDOW_STEP = 100
#: The fewest words that can be the prompt said back (`echoes`): one or two of its words may
#: well be what was said.
ECHO_WORDS = 3
#: What may stand around a command in written text, kept when only the vocabulary's tokens may
#: be written: Whisper writes "¡Siguiente!" or "Siguiente." rather than a bare word.
PUNCTUATION = (".", ",", "?", "!", "¿", "¡", "...", "؟", "،")
#: Threads for one decoding: both of the cores this is built for; more gained nothing.
CPU_THREADS = min(4, os.cpu_count() or 1)


@dataclass(frozen=True)
class WhisperTuning:
    """How Whisper's decoding is capped and judged; chosen with benchmarks/speech_whisper.py."""

    #: Tokens the decoder may write.
    max_tokens: int
    #: Speech longer than this (seconds) is not decoded (None: up to Whisper's 30 s window).
    longest_seconds: float | None
    #: Text is rejected when the model thinks there was no speech with more than this
    #: probability and its tokens were unlikely (mean log probability under `unlikely`)...
    no_speech: float = 0.6
    unlikely: float = -0.7
    #: ... or when its tokens were very unlikely whatever the no-speech probability ...
    least_logprob: float = -1.2
    #: ... or when the text compresses more than this (a loop).
    most_compression: float = 2.4
    #: The fewest frames (10 ms each) of Whisper's 30 s window that are encoded: the encoder's
    #: time grows with them, and a short command padded to 30 s cost 7 times as much as in
    #: 10 s for the same words. Longer speech gets a window a little longer than itself.
    least_window_frames: int = SHORT_WINDOW_FRAMES
    #: The restricted pass (`settle`): its beam, and the least mean log probability
    #: of its tokens (None: no such pass).
    restricted_beam: int = 3
    restricted_least_logprob: float | None = None


#: A command: at most a few words, so few tokens. The thresholds are what leave-one-voice-out
#: measurement chose for the commands the grammar rejects (benchmarks/speech_whisper.py
#: --english): more willing than Whisper's own defaults to call short audio "no speech".
#: The restricted pass's threshold: Spanish, two voices by two renderings, where it took commands
#: from 50 to 65 % and let one of 80 non-commands through (-0.8 kept 55 %, -1.5 no more).
COMMANDS = WhisperTuning(max_tokens=24, longest_seconds=LONGEST_COMMAND_SECONDS, no_speech=0.4,
                         unlikely=-1.0, least_logprob=-1.5, restricted_least_logprob=-1.0)
#: A question: a sentence or two.
QUESTIONS = WhisperTuning(max_tokens=120, longest_seconds=None, least_logprob=-1.5)


@dataclass(frozen=True)
class Decoding:
    """What one decoding found, before `WhisperTuning`'s tests decide whether it counts."""

    text: str
    no_speech: float
    avg_logprob: float
    compression: float
    #: The decoder stopped at `max_tokens` rather than at its end token.
    cut_off: bool


class WhisperTranscriber(Transcriber):
    """One language's speech through one Whisper model; `prompt` (optional) is text the
    decoder takes as having come before, which steers its spelling and vocabulary."""

    engine = WHISPER_ENGINE

    def __init__(self, lang: str, models: WhisperModels, tuning: WhisperTuning = COMMANDS,
                 prompt: str | None = None, vocabulary: Vocabulary | None = None) -> None:
        """With a `vocabulary`, text that names none of its commands is decoded again,
        restricted to its words (`settle`)."""
        self.lang, self.models, self.tuning, self.prompt = lang, models, tuning, prompt
        self.vocabulary = vocabulary
        self.folder: ModelFolder | None = None
        self.load_ms: float | None = None

    def load(self) -> None:
        if self.folder is None:
            started = time.perf_counter()
            try:
                folder = self.models.folder(self.lang)
            except WhisperMissing as error:
                raise RecognitionUnavailable(str(error)) from None
            loaded_model(folder)
            self.folder = folder
            self.load_ms = (time.perf_counter() - started) * 1000

    @property
    def loaded(self) -> bool:
        return self.folder is not None

    def transcribe(self, audio: sr.AudioData) -> Transcript:
        started = time.perf_counter()
        self.load()
        speech = speech_part(pcm16k(audio))
        if not speech:
            return Transcript("", False, _ms(started))
        longest = self.tuning.longest_seconds
        if longest is not None and len(speech) > longest * SAMPLE_RATE * 2:
            return Transcript("", True, _ms(started), Rejection.TOO_LONG)
        model = loaded_model(self.folder)
        encoded = model.encode(speech, self.tuning)
        free = model.decode(encoded, self.lang, self.prompt, self.tuning)
        restricted = None if self.vocabulary is None else (
            lambda: model.decode(encoded, self.lang, None, self.tuning, self.vocabulary))
        decoding, rejection = settle(free, self.tuning, self.prompt, self.names_command,
                                     restricted)
        # like the grammar's, a rejected hearing has no words: they were not heard
        return Transcript("" if rejection else decoding.text, True, _ms(started), rejection)

    def decode(self, speech: bytes, within: Vocabulary | None = None) -> Decoding:
        """The text of 16 kHz 16-bit speech, free or `within` a vocabulary (then with no
        prompt), with what judging it needs."""
        model = loaded_model(self.folder)
        return model.decode(model.encode(speech, self.tuning), self.lang,
                            None if within else self.prompt, self.tuning, within)

    def names_command(self, text: str) -> bool:
        return bool(text.strip()) and self.vocabulary.parse(
            command_words(text, self.vocabulary)) != NOT_UNDERSTOOD


def settle(free: Decoding, tuning: WhisperTuning, prompt: str | None,
           names_command: Callable[[str], bool],
           restricted: Callable[[], Decoding] | None) -> tuple[Decoding, Rejection | None]:
    """The decoding that counts, and why it does not when it does not: the free one, unless it
    names no command though something was said (not silence or a loop) and the `restricted`
    one, decoded only then, names one surely enough."""
    rejection = judge(free, tuning) or (Rejection.ECHO if echoes(free.text, prompt) else None)
    if (restricted is None or tuning.restricted_least_logprob is None
            or rejection not in (None, Rejection.POOR_MATCH) or names_command(free.text)):
        return free, rejection
    second = restricted()
    if names_command(second.text) and judge(
            second, tuning, tuning.restricted_least_logprob) is None:
        return second, None
    return free, rejection


def judge(decoding: Decoding, tuning: WhisperTuning,
          least_logprob: float | None = None) -> Rejection | None:
    """Why the decoding does not count, or None when it does (`least_logprob`, when given,
    instead of the tuning's)."""
    if not decoding.text.strip():
        return Rejection.NO_WORDS
    if decoding.no_speech > tuning.no_speech and decoding.avg_logprob < tuning.unlikely:
        return Rejection.POOR_MATCH
    if decoding.avg_logprob < (tuning.least_logprob if least_logprob is None else least_logprob):
        return Rejection.POOR_MATCH
    if decoding.compression > tuning.most_compression:
        return Rejection.LOOPING
    return None


class LoadedModel:
    """A Whisper model in memory, with its tokenizers; decodes one piece of speech at a time."""

    def __init__(self, folder: ModelFolder) -> None:
        try:
            import ctranslate2
            from faster_whisper import WhisperModel
        except ImportError as error:
            raise RecognitionUnavailable(f"faster-whisper is not installed ({error})") from None
        self.folder = folder
        self._storage = ctranslate2.StorageView
        self.model = WhisperModel(str(folder.path), device="cpu", compute_type="int8",
                                  cpu_threads=CPU_THREADS, local_files_only=True)
        self._lock = threading.Lock()
        self._suppressed: dict[tuple[str, tuple[str, ...]], list[int]] = {}

    def encode(self, speech: bytes, tuning: WhisperTuning):
        """The encoder's output for 16 kHz 16-bit speech, in the tuning's window."""
        samples = np.frombuffer(speech, dtype=np.int16).astype(np.float32) / 32768.0
        with self._lock:
            features = self.model.feature_extractor(samples)[:, :WINDOW_FRAMES]
            window = np.zeros((features.shape[0], window_frames(features.shape[1], tuning)),
                              dtype=np.float32)
            window[:, :features.shape[1]] = features
            return self.model.model.encode(self._storage.from_array(window[None]),
                                           to_cpu=False)

    def decode(self, encoded, lang: str, prompt: str | None, tuning: WhisperTuning,
               within: Vocabulary | None = None) -> Decoding:
        """The text of encoded speech: free, or `within` a vocabulary's tokens (beam search,
        every other token suppressed)."""
        tokenizer = self.tokenizer(lang)
        tokens = self.prompt_tokens(tokenizer, prompt)
        suppressed = [-1] if within is None else self.suppressed(tokenizer, lang, within)
        with self._lock:
            result = self.model.model.generate(
                encoded, [tokens], beam_size=1 if within is None else tuning.restricted_beam,
                max_length=len(tokens) + tuning.max_tokens, return_scores=True,
                return_no_speech_prob=True, suppress_blank=True,
                suppress_tokens=suppressed)[0]
        written = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
        text = tokenizer.decode(written).strip()
        # faster-whisper's mean: the length-normalised score over the tokens and the end token
        avg_logprob = result.scores[0] * len(written) / (len(written) + 1)
        return Decoding(text, result.no_speech_prob, avg_logprob, compression_ratio(text),
                        cut_off=len(result.sequences_ids[0]) >= tuning.max_tokens)

    def tokenizer(self, lang: str):
        from faster_whisper.tokenizer import Tokenizer
        return Tokenizer(self.model.hf_tokenizer, self.folder.multilingual, task="transcribe",
                         language=lang if self.folder.multilingual else None)

    def suppressed(self, tokenizer, lang: str, vocabulary: Vocabulary) -> list[int]:
        """Every text token that no spelling of the vocabulary's phrases uses, worked out once
        a language."""
        key = (lang, vocabulary.written)
        if key not in self._suppressed:
            kept = {tokenizer.eot}
            for phrase in (*vocabulary.written, *vocabulary.phrases, *PUNCTUATION):
                for spelling in {phrase, phrase.lower(), phrase.capitalize()}:
                    kept.update(tokenizer.encode(spelling))
                    kept.update(tokenizer.encode(" " + spelling))
            self._suppressed[key] = [t for t in range(tokenizer.eot) if t not in kept]
        return self._suppressed[key]

    @staticmethod
    def prompt_tokens(tokenizer, prompt: str | None) -> list[int]:
        before = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt.strip())] if prompt else []
        return [*before, *tokenizer.sot_sequence, tokenizer.no_timestamps]


def echoes(text: str, prompt: str | None) -> bool:
    """Whether the text is the prompt said back: three words or more, every one of them the
    prompt's, in the prompt's order. Whisper continues a prompt when it hears little (a list of
    titles came back as "La acupuntura y la EM, Caminar" for a question it could not make
    out); a person's question or command never reads as a run through the prompt."""
    if not prompt:
        return False
    words, remaining = normalize(text).split(), iter(normalize(prompt).split())
    return len(words) >= ECHO_WORDS and all(word in remaining for word in words)


def window_frames(speech_frames: int, tuning: WhisperTuning) -> int:
    """The frames encoded for this much speech: at least the tuning's least, and a step of
    silence past the speech, within Whisper's 30 s."""
    padded = (speech_frames // WINDOW_STEP + 1) * WINDOW_STEP
    return min(WINDOW_FRAMES, max(tuning.least_window_frames, padded))


def compression_ratio(text: str) -> float:
    """How much zlib shrinks the text: about 1 for a few words, over 2.4 for a loop."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


_loaded: dict[str, LoadedModel] = {}
_loading = threading.Lock()


def loaded_model(folder: ModelFolder) -> LoadedModel:
    """The model of this folder, loaded once a process and shared."""
    with _loading:
        key = str(folder.path)
        if key not in _loaded:
            _loaded[key] = LoadedModel(folder)
        return _loaded[key]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
