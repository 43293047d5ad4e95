"""Whisper behind the speech-in adapter: the text put into command words, the tests that reject
invented text, the models found and joined, and, through the real models, what the grammar is
unsure of decided by Whisper, a Spanish command and a French question."""

from __future__ import annotations

import json

import pytest

from tests.support.spokenaudio import Utterance as LocaleUtterance
from tests.support.spokenaudio import mbrola_installed
from tests.support.spokenaudio import render as render_locale
from voiceinfo.commands import Command, CommandName
from voiceinfo.environment import Environment, ExitStatus
from voiceinfo.speech import OFFLINE_ENGINE, WHISPER_ENGINE
from voiceinfo.speech.capture import pcm16k, read_audio
from voiceinfo.speech.recognition import Outcome, Recognizers, Rejection, speech_part
from voiceinfo.speech.spoken_text import collapse_repeats, command_words
from voiceinfo.speech.transcribe_whisper import (COMMANDS, WINDOW_FRAMES, Decoding,
                                                 WhisperTranscriber, echoes, judge, settle,
                                                 window_frames)
from voiceinfo.speech.whisper_models import (BASE, WhisperMissing, WhisperModels,
                                             brought_folder, join_parts)


@pytest.mark.parametrize("lang, written, words", [
    ("en", "Go back.", "go back"),
    ("en", "Number 3!", "number three"),
    ("en", "Next. Next.", "next"),
    ("en", "Where am I? Where am I? Where am", "where am i"),
    ("en", "7", "seven"),
    ("en", "12 sessions", "12 sessions"),
    ("es", "Siguiente.", "siguiente"),
    ("es", "3", "tres"),
    ("fr", "Répéter !", "repeter"),
    ("de", "Zurück, zurück.", "zuruck"),
    ("ar", "٢", "اثنان"),
])
def test_whispers_text_is_put_into_the_vocabularys_words(guide, lang, written, words):
    assert command_words(written, guide.vocabulary(lang)) == words


def test_the_mapped_text_is_a_command_where_the_words_are_one(guide):
    english = guide.vocabulary("en")
    assert english.parse(command_words("Number 3.", english)) == Command(CommandName.CHOOSE, 3)
    assert english.parse(command_words("Next, next, next.", english)) == Command(
        CommandName.NEXT)


@pytest.mark.parametrize("words, kept", [
    (["a", "b", "a", "b", "a"], ["a", "b"]),
    (["next", "page"], ["next", "page"]),
    (["two", "three", "four"], ["two", "three", "four"]),
    ([], []),
])
def test_repeats_collapse_but_other_words_stay(words, kept):
    assert collapse_repeats(words) == kept


@pytest.mark.parametrize("decoding, rejection", [
    (Decoding("Next.", 0.1, -0.3, 0.4, False), None),
    (Decoding("", 0.1, -0.3, 0.0, False), Rejection.NO_WORDS),
    # likely silence, and unsure of its words: Whisper's own rule for invented text
    (Decoding("Thanks for watching.", 0.8, -1.1, 0.9, False), Rejection.POOR_MATCH),
    (Decoding("Thanks for watching.", 0.3, -1.1, 0.9, False), None),
    # sure there was speech, but its words very unlikely
    (Decoding("at", 0.2, -1.6, 0.2, False), Rejection.POOR_MATCH),
    (Decoding("pause repeat " * 8, 0.1, -0.2, 4.0, True), Rejection.LOOPING),
])
def test_invented_text_is_rejected(decoding, rejection):
    assert judge(decoding, COMMANDS) == rejection


FREE = {"named": Decoding("Siguiente.", 0.1, -0.4, 0.4, False),
        "unnamed": Decoding("más deshazos", 0.1, -1.2, 0.4, False),
        "nothing": Decoding("", 0.9, -0.5, 0.0, False),
        "loop": Decoding("uno dos " * 8, 0.1, -0.2, 4.0, True)}
WITHIN = {"sure": Decoding("Más despacio.", 0.1, -0.5, 0.4, False),
          "unsure": Decoding("Más despacio.", 0.1, -1.1, 0.4, False),
          "no command": Decoding("Hacenlo en Tien Pue.", 0.1, -0.8, 0.4, False)}


@pytest.mark.parametrize("free, within, kept, rejection, decoded_again", [
    ("named", "sure", "Siguiente.", None, False),
    # the free text names no command: the restricted one counts when it names one surely
    ("unnamed", "sure", "Más despacio.", None, True),
    ("unnamed", "unsure", "más deshazos", None, True),
    ("unnamed", "no command", "más deshazos", None, True),
    # nothing said, or a loop: never decoded again
    ("nothing", "sure", "", Rejection.NO_WORDS, False),
    ("loop", "sure", "uno dos " * 8, Rejection.LOOPING, False),
])
def test_a_free_text_that_names_no_command_is_decoded_within_the_vocabulary(
        guide, free, within, kept, rejection, decoded_again):
    vocabulary = guide.vocabulary("es")
    whisper = WhisperTranscriber("es", WhisperModels(None), COMMANDS, vocabulary=vocabulary)
    asked = []

    def restricted():
        asked.append(True)
        return WITHIN[within]

    decoding, why = settle(FREE[free], COMMANDS, None, whisper.names_command, restricted)
    assert (decoding.text, why, bool(asked)) == (kept, rejection, decoded_again)


def test_the_vocabulary_keeps_its_phrases_as_written(guide):
    vocabulary = guide.vocabulary("es")
    assert "atrás" in vocabulary.written and "atras" in vocabulary.phrases


PROMPT = "one, two, three, four, five, six, seven, next, back, repeat, pause"


@pytest.mark.parametrize("text, echoed", [
    ("two, three, four, repeat, pause", True),
    ("two, three, four, five, six, seven, next", True),
    ("two", False),
    ("next back", False),  # too short to tell from what was said
    ("go back", False),
    (None, False),
])
def test_the_prompt_said_back_is_known_for_what_it_is(text, echoed):
    assert echoes(text or "", PROMPT if text else None) is echoed


@pytest.mark.parametrize("speech_frames, window", [
    (0, 1000), (150, 1000), (999, 1000), (1000, 1100), (2950, WINDOW_FRAMES),
    (5000, WINDOW_FRAMES)])
def test_the_encoded_window_is_short_for_short_speech(speech_frames, window):
    assert window_frames(speech_frames, COMMANDS) == window


def test_a_split_model_that_does_not_join_into_the_pinned_file_is_not_used(tmp_path):
    parts = []
    for number in (1, 2):
        part = tmp_path / f"part{number}"
        part.write_bytes(b"not the model")
        parts.append(part)
    (tmp_path / "config.json").write_text("{}")
    altered = type(BASE)("base", True, (), ("", ""), joined_sha256="0" * 64)
    with pytest.raises(WhisperMissing, match="do not join"):
        join_parts(altered, tmp_path, tmp_path / "joined")
    assert not (tmp_path / "joined").exists()


def test_a_folder_the_person_brings_is_checked(tmp_path):
    with pytest.raises(WhisperMissing, match="is not a Whisper model folder"):
        brought_folder(tmp_path)


def test_the_pinned_models_are_found_and_the_split_one_joined_once(tmp_path):
    models = WhisperModels(tmp_path)
    english, spanish = models.folder("en"), models.folder("es")
    assert (english.name, english.multilingual) == ("tiny.en", False)
    assert (spanish.name, spanish.multilingual) == ("base", True)
    assert spanish.path.parent == tmp_path and (spanish.path / "model.bin").is_file()
    assert models.folder("fr").path == spanish.path


@pytest.fixture
def recognizers(guide, tmp_path_factory):
    """The default engine's recognizers, Whisper loaded before the first decoding; new for each
    test, since the grammar hears each utterance from the cepstral means the last one left."""
    said = []
    made = Recognizers(guide.vocabulary, OFFLINE_ENGINE, said.append,
                       models=WhisperModels(tmp_path_factory.mktemp("models")), wait=True)
    made.said = said
    return made


@pytest.mark.audio
@pytest.mark.parametrize("text, voice, perturbation, command", [
    # said slowly: the grammar takes it for other speech (its garbage loop wins)
    ("what is acupuncture", "slt", "slower", Command(CommandName.GOTO, "what-is-acupuncture")),
    # over a telephone line: the wideband model matches it too poorly
    ("how long does it take", "rms", "phone", Command(CommandName.GOTO, "treatment-course")),
])
def test_a_command_the_grammar_is_unsure_of_is_decided_by_whisper(recognizers, spoken, text,
                                                                   voice, perturbation,
                                                                   command):
    audio = read_audio(spoken(text, voice=voice, perturbation=perturbation))
    result = recognizers("en").recognize(audio)
    assert result.decided_by == WHISPER_ENGINE
    assert result.command == command and result.outcome is Outcome.COMMAND
    assert recognizers.said == []


@pytest.mark.audio
def test_a_command_the_grammar_is_sure_of_is_not_sent_to_whisper(recognizers, spoken):
    result = recognizers("en").recognize(read_audio(spoken("where am I", voice="slt")))
    assert result.decided_by == "sphinx" and result.command == Command(CommandName.WHERE)


@pytest.mark.audio
@pytest.mark.parametrize("prompt", [None, PROMPT])
def test_noise_and_silence_never_become_a_command(guide, recognizers, noise, silence, prompt,
                                                  tmp_path):
    whisper = WhisperTranscriber("en", recognizers.models, COMMANDS, prompt)
    for path in (noise, silence):
        transcript = whisper.transcribe(read_audio(path))
        assert transcript.rejected or not transcript.heard_speech or guide.vocabulary(
            "en").parse(command_words(transcript.words, guide.vocabulary("en"))).name is (
                CommandName.NONE), transcript


def needs_mbrola(voice: str):
    """MBROLA's voices come from Debian's non-free component, which scripts/install-system-deps
    adds when it can, never fatally."""
    return pytest.mark.skipif(not mbrola_installed(voice),
                              reason=f"the MBROLA voice {voice} is not installed")


@pytest.mark.audio
@needs_mbrola("mb-es2")
def test_a_spanish_spoken_command_is_heard(run_cli):
    path = render_locale(LocaleUtterance("es", "siguiente", "next", "mb-es2", "normal", 150, 50))
    result = run_cli("recognize", "--lang", "es", str(path))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    line = json.loads(result.stdout)
    assert (line["command"], line["argument"]) == ("next", None), line


@pytest.mark.audio
def test_a_spanish_command_whisper_misspells_is_heard_within_the_vocabulary(recognizers):
    """eSpeak NG's Klatt voice: free, Whisper base writes "más deshazos"."""
    path = render_locale(LocaleUtterance("es", "más despacio", "slower", "es+klatt6", "normal",
                                         160, 50))
    spanish = recognizers("es")
    free = spanish.transcriber.decode(speech_part(pcm16k(read_audio(path))))
    assert not spanish.transcriber.names_command(free.text), free
    heard = spanish.recognize(read_audio(path))
    assert heard.command == Command(CommandName.SLOWER), heard


@pytest.mark.audio
@needs_mbrola("mb-fr1")
def test_a_french_spoken_question_is_answered(run_cli):
    path = render_locale(LocaleUtterance(
        "fr", "Est-ce que l'acupuncture aide contre la fatigue ?", "ask", "mb-fr1", "normal",
        150, 50))
    result = run_cli("ask", "--lang", "fr", "--audio", str(path))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    line = json.loads(result.stdout)
    assert "fatigue" in line["heard"].lower()
    assert line["answers"][0]["topic"] == "fatigue"


@pytest.mark.audio
def test_without_whispers_models_english_is_heard_by_the_grammar_alone_and_says_so(
        run_cli, spoken, tmp_path, monkeypatch):
    monkeypatch.setenv("VOICEINFO_WHISPER_MODEL", str(tmp_path))  # not a model folder
    monkeypatch.setenv("VOICEINFO_MODELS_DIR", str(tmp_path / "cache"))
    assert Environment().whisper_model == tmp_path
    result = run_cli("recognize", "--lang", "en", str(spoken("next", voice="slt")),
                     str(spoken("next", voice="rms", perturbation="narrowband")))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    assert [json.loads(line)["command"] for line in result.stdout.splitlines()][0] == "next"
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and "pocketsphinx alone" in warnings[0]
    assert "Traceback" not in result.stderr
