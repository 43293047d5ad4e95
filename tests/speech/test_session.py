"""Whole spoken sessions: commands from WAV files (`--audio-in`), replies into numbered WAV
files (`--audio-out`), with silence (noinput) and noise or other speech (nomatch) on the way,
and the place kept for next time."""

from __future__ import annotations

import wave

from voiceinfo.environment import ExitStatus


def wav_files(folder):
    return sorted(folder.glob("*.wav"))


def test_a_whole_voice_session_runs_to_the_end(run_cli, guide, spoken, silence, noise,
                                              tmp_path, state_dir):
    out = tmp_path / "said"
    files = [spoken("fatigue"), spoken("next"), spoken("where am I"), silence, silence,
             noise, spoken("banana", "awb"), spoken("goodbye")]
    result = run_cli("--audio-in", *map(str, files), "--audio-out", str(out))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    english = guide.localizer("en")
    fatigue = [english.segment_text(s) for s in guide.tree.topics["fatigue"].segments]
    lines = result.lines
    assert lines[0] == "Acupuncture and MS"
    assert fatigue[0] in lines and fatigue[1] in lines
    assert "You are at Does it help with MS, then Fatigue, part 2 of 3." in lines
    # noinput twice, then nomatch twice: the apology, then the short list of what can be said
    assert lines.count("I didn't hear anything.") == 2
    assert lines.count("Sorry, I didn't catch that.") == 2
    assert sum(line.startswith("You can say next, go back") for line in lines) >= 2
    assert lines[-1] == "Goodbye."
    # every utterance is one numbered WAV file of eSpeak NG speech
    said = wav_files(out)
    assert [p.name for p in said] == [f"{n:04d}.wav" for n in range(1, len(lines) + 1)]
    for path in said:
        with wave.open(str(path)) as file:
            assert (file.getnchannels(), file.getsampwidth(), file.getframerate()) == (1, 2,
                                                                                      22050)
            assert file.getnframes() > 22050 * 0.3


def test_the_place_is_offered_next_time_and_continue_goes_there(run_cli, spoken, tmp_path):
    first = run_cli("--audio-in", str(spoken("spasticity")), str(spoken("next")),
                    "--audio-out", str(tmp_path / "one"))
    assert first.status == ExitStatus.SUCCESS, first.stderr
    second = run_cli("--audio-in", str(spoken("continue")), str(spoken("where am I")),
                     "--audio-out", str(tmp_path / "two"))
    assert "Say continue to go back to Spasticity, part 2." in second.lines
    assert "You are at Does it help with MS, then Spasticity, part 2 of 3." in second.lines


def test_a_spoken_language_switch_changes_the_voice_and_the_words(run_cli, spoken, tmp_path):
    result = run_cli("--audio-in", str(spoken("pain")), str(spoken("switch to Spanish")),
                     "--audio-out", str(tmp_path / "said"))
    assert result.status == ExitStatus.SUCCESS, result.stderr
    assert "Español." in result.lines


def test_unreadable_input_files_are_skipped_with_one_line_each(run_cli, spoken, tmp_path):
    junk = tmp_path / "junk.wav"
    junk.write_text("not audio")
    result = run_cli("--audio-in", str(junk), str(tmp_path / "missing.wav"), str(spoken("help")),
                     "--text")
    assert result.status == ExitStatus.SUCCESS
    assert result.stderr.count("\n") == 2
    assert "junk.wav: not a WAV file" in result.stderr
    assert "missing.wav: no such file" in result.stderr
    assert any(line.startswith("You can say: next, go back") for line in result.lines)


def test_audio_in_with_text_output_prints_the_replies(run_cli, spoken):
    result = run_cli("--text", "--audio-in", str(spoken("key facts")))
    assert result.status == ExitStatus.SUCCESS
    assert "Key facts" in result.lines
    assert result.stderr == ""


def test_a_language_that_cannot_be_recognised_falls_back_to_english_words(run_cli, spoken,
                                                                          tmp_path,
                                                                          monkeypatch):
    from voiceinfo.speech import lexicon
    monkeypatch.setattr(lexicon, "lexicon_path", lambda lang: tmp_path / f"{lang}.dict")
    result = run_cli("--engine", "sphinx", "--lang", "fr", "--text", "--audio-in",
                     str(spoken("where am I")))
    assert result.status == ExitStatus.SUCCESS
    assert result.stderr == ("voiceinfo: speech recognition is not available in this language "
                             "(fr) yet; keys and typed commands work\n")
    # the French greeting, then the answer to "where am I", heard in English
    assert result.lines[-1] == "Vous êtes ici : L'acupuncture et la SEP, fin."
