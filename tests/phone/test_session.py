"""A call's session without SIP: the real voice (eSpeak NG) and the session's threads, with the
test standing in for PJSIP's media clock by taking frames as fast as they come."""

from __future__ import annotations

import threading

import pytest

from voiceinfo.content import content_dir
from voiceinfo.phone.audio import Voice
from voiceinfo.phone.keys import load_phone_keys
from voiceinfo.phone.session import CallSession, Limits

pytestmark = pytest.mark.audio


@pytest.fixture(scope="module")
def voice():
    from voiceinfo.speech.synthesis import SpeechUnavailable, synthesizer
    try:
        return Voice(synthesizer())
    except SpeechUnavailable as error:
        pytest.skip(str(error))


class Clock:
    """Takes the session's frames until stopped, as PJSIP's media thread would, but at once."""

    def __init__(self, session: CallSession) -> None:
        self.session, self.stopped = session, threading.Event()
        self.frames = 0
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stopped.wait(0.001):
            self.session.frame_out()
            self.frames += 1


def session_with(guide, voice, limits: Limits):
    hung_up, log = threading.Event(), []
    session = CallSession(1, guide, load_phone_keys(content_dir()), voice, None, limits,
                          hung_up.set, log.append)
    return session, hung_up, log


def test_a_silent_line_says_goodbye_and_hangs_up(guide, voice):
    session, hung_up, log = session_with(guide, voice, Limits(idle_seconds=0.5))
    clock = Clock(session)
    session.start()
    try:
        assert hung_up.wait(30)
    finally:
        clock.stopped.set()
    assert log == ["call 1: no input: goodbye", "call 1: goodbye"]


def test_a_hang_up_stops_the_session_and_its_sound_at_once(guide, voice):
    session, hung_up, log = session_with(guide, voice, Limits())
    session.start()
    session.frame_out()
    session.ended()
    assert not session.speaker.speaking
    assert session.frame_out() == bytes(session.speaker.frame_bytes)
    assert not hung_up.is_set()  # the caller went: nothing to hang up


def test_a_voice_is_loud_enough_to_hear_and_line_noise_is_not(guide, voice):
    import numpy as np
    from voiceinfo.phone.audio import loud_enough
    from voiceinfo.phone.conversation import Line
    spoken = voice.samples(Line("next", "en"))
    # G.722's idle noise over a silent caller measured about 3.6 RMS with peaks of 44
    noise = np.random.default_rng(25).normal(0, 4, 16000).clip(-44, 44).astype("<i2").tobytes()
    assert loud_enough(spoken, 960) and not loud_enough(noise, 960)
