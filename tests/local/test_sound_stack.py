"""The spoken loop on a real sound stack: voiceinfo on a pseudo-terminal, speaking into a virtual
sound card's speakers and listening to its microphone, over a steady noise floor, as a person in
a quiet room would use it (see `soundcard`). What is asserted is what the person sees on the
terminal and what the speakers played."""

from __future__ import annotations

import re
import time

import pytest

from tests.support import soundcard
from tests.support.sound import level_dbfs
from tests.support.soundcard import VirtualSoundCard, band_limited, noise, spoken
from voiceinfo.environment import ExitStatus

pytestmark = [pytest.mark.audio, pytest.mark.pty,
              pytest.mark.skipif(not soundcard.available(), reason="PulseAudio is not installed")]

#: A quiet room with a computer fan (dBFS, RMS).
ROOM_NOISE_DBFS = -50
#: What only the guide's own lines may be: anything the sound libraries print is a fault.
LIBRARY_CHATTER = re.compile(r"ALSA lib|Expression '|Jack|jack|PortAudio|pa_|Traceback|"
                             r"underrun|Cannot connect")


@pytest.fixture
def card(tmp_path):
    card = VirtualSoundCard(tmp_path / "card")
    card.start()
    card.play_into_microphone(noise(tmp_path / "room.wav", ROOM_NOISE_DBFS, 240), wait=False)
    yield card
    card.stop()


#: A person says a command again when it is not answered; so does the test, at most this often.
TRIES = 3
#: The scenarios test the sound stack, not the acoustic model (benchmarks/speech_heldout.py
#: measures that on every voice), so they speak with a voice it hears well.
VOICE = "rms"


@pytest.fixture
def say_until(card, terminal, tmp_path):
    """say_until(term, "next", expected): the words spoken by flite into the microphone, again
    if need be, until `expected` is on the screen; returns how many tries it took. Narrowband
    speech has nothing above 4 kHz, as over a Bluetooth headset's hands-free link."""

    def speak(term, text: str, expected: str, narrowband: bool = False) -> int:
        path = spoken(tmp_path / (re.sub(r"\W+", "-", text) + ".wav"), text, VOICE)
        if narrowband:
            path = band_limited(path, tmp_path / f"narrowband-{path.name}")
        for tries in range(1, TRIES + 1):
            card.play_into_microphone(path)
            try:
                term.read_until(expected, timeout=10)
                return tries
            except AssertionError:
                continue
        raise AssertionError(f"{text!r} was never answered with {expected!r}:\n"
                             f"{term.screen[-2000:]}")

    return speak


def test_hands_free_over_a_noise_floor_then_keys_when_the_sound_server_dies(
        card, say_until, terminal, guide, tmp_path):
    fatigue = [guide.localizer("en").segment_text(s)
               for s in guide.tree.topics["fatigue"].segments]
    recording = tmp_path / "speakers.wav"
    recorder = card.record_speakers(recording)
    term = terminal(env=card.env)
    term.read_until("Acupuncture and MS")
    # during the greeting: it cuts the greeting short
    say_until(term, "fatigue", fatigue[0])
    say_until(term, "next", fatigue[1])
    say_until(term, "where am I", "You are at Does it help with MS, then Fatigue, part 2 of 3.")
    say_until(term, "next", fatigue[2], narrowband=True)
    time.sleep(1)
    recorder.terminate()
    recorder.wait(timeout=10)
    assert level_dbfs(recording) > -40, "the speakers played nothing"

    card.stop()  # the sound server is lost mid-session
    before = len(term.screen)
    term.press("w")
    term.read_until("You are at Does it help with MS, then Fatigue, part 3 of 3.", timeout=30,
                    since=before)
    term.read_until("The speakers stopped working; showing text instead.", since=before)
    term.press("q")
    screen = term.read_until("Goodbye.", timeout=30)
    assert term.close() == ExitStatus.SUCCESS
    assert not LIBRARY_CHATTER.search(screen), screen


# -- the slower set: `make test-slow` -------------------------------------------------------


@pytest.mark.slow
def test_a_key_during_the_greeting_acts_at_once_and_is_not_echoed(card, terminal):
    term = terminal(env=card.env)
    term.read_until("Acupuncture and MS")
    pressed = time.monotonic()
    term.press("4")
    term.read_until("Small studies suggest acupuncture may help", timeout=10)
    assert time.monotonic() - pressed < 5, "the key waited for the greeting to end"
    term.press("q")
    screen = term.read_until("Goodbye.")
    assert term.close() == ExitStatus.SUCCESS
    assert "4Acupuncture" not in screen and "\n4" not in screen


@pytest.mark.slow
def test_push_to_talk_hears_only_what_follows_the_press(card, say_until, terminal, tmp_path):
    term = terminal("--push-to-talk", env=card.env)
    term.read_until("Topics:", timeout=40)
    card.play_into_microphone(spoken(tmp_path / "before.wav", "sources", VOICE))
    time.sleep(2)
    assert "The article lists" not in term.screen, "it acted on speech before the press"
    term.press("\r")
    say_until(term, "fatigue", "Small studies suggest acupuncture may ease fatigue")
    term.press("\r")
    card.play_into_microphone(spoken(tmp_path / "quit.wav", "quit", VOICE))
    term.read_until("Goodbye.", timeout=20)
    assert term.close() == ExitStatus.SUCCESS


@pytest.mark.slow
def test_no_sound_server_at_start_means_text_and_keys(card, terminal):
    card.stop()
    term = terminal(env=card.env)
    term.read_until("No audio output device was found; showing text instead.")
    term.read_until("No microphone was found. Use the keys")
    term.press("w")
    term.read_until("You are at Acupuncture and MS, the end.")
    term.press("q")
    screen = term.read_until("Goodbye.")
    assert term.close() == ExitStatus.SUCCESS
    assert not LIBRARY_CHATTER.search(screen), screen


@pytest.mark.slow
def test_the_microphone_comes_back_with_the_sound_server(card, say_until, terminal, tmp_path):
    term = terminal(env=card.env)
    say_until(term, "fatigue", "Small studies suggest acupuncture may ease fatigue")
    time.sleep(12)  # idle, after the reply
    card.stop()
    term.read_until("The microphone stopped working. Keys still work", timeout=20)
    card.start()
    card.play_into_microphone(noise(tmp_path / "room.wav", ROOM_NOISE_DBFS, 120), wait=False)
    term.read_until("The microphone is back.", timeout=20)
    say_until(term, "where am I", "You are at Does it help with MS, then Fatigue, part 1 of 3.")
    again = len(term.screen)
    card.stop()  # lost a second time: said again
    term.read_until("The microphone stopped working. Keys still work", timeout=20, since=again)
    term.press("q")
    screen = term.read_until("Goodbye.")
    assert term.close() == ExitStatus.SUCCESS
    assert not LIBRARY_CHATTER.search(screen), screen


@pytest.mark.slow
def test_silence_is_prompted_twice_from_the_end_of_the_reply_then_left_alone(card, say_until,
                                                                            terminal):
    term = terminal(env=card.env)
    say_until(term, "sources", "The article lists")
    replied = len(term.screen)
    term.read_until("I didn't hear anything.", timeout=30, since=replied)
    first = len(term.screen)
    term.read_until("You can say next, go back", timeout=30, since=first)
    second = len(term.screen)
    time.sleep(15)
    term.read_until("", since=second)
    assert "I didn't hear anything." not in term.screen[second:]
    term.press("q")
    term.read_until("Goodbye.")
    assert term.close() == ExitStatus.SUCCESS


@pytest.mark.slow
def test_a_spoken_question_after_the_question_key_is_heard_whole_and_answered(card, terminal,
                                                                            tmp_path):
    """The live path of a spoken question: the key, the cue said, then a question of several
    words from the microphone, cut out as one (not at its first pause) and answered."""
    term = terminal(env=card.env)
    term.read_until("Topics:", timeout=40)
    question = spoken(tmp_path / "warfarin.wav", "Is acupuncture safe if I take warfarin?", VOICE)
    for _ in range(TRIES):
        before = len(term.screen)
        term.press("k")
        term.read_until("Ask your question.", since=before, timeout=10)
        time.sleep(1.5)  # the cue is said to its end before the question is listened for
        card.play_into_microphone(question)
        try:
            term.read_until("From Who should avoid it: ", since=before, timeout=20)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"the question was never answered:\n{term.screen[-2000:]}")
    term.press("q")
    screen = term.read_until("Goodbye.", timeout=30)
    assert term.close() == ExitStatus.SUCCESS
    assert not LIBRARY_CHATTER.search(screen), screen
