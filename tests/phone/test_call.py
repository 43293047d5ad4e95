"""A real call to `voiceinfo phone` over loopback, from a second SIP endpoint: keys pressed as
RFC 4733 events and as SIP INFO, and the words heard checked in the recording."""

from __future__ import annotations

import pytest

from tests.phone.caller import Caller
from tests.phone.conftest import share_heard
from voiceinfo.content import ROOT_TOPIC_ID

pytestmark = [pytest.mark.server, pytest.mark.audio]
pytest.importorskip("pjsua2", reason="the phone line needs pjsua2-python (make setup)")

#: The share of a part's telling words that must be heard in the recording: Whisper base writes
#: eSpeak NG's Spanish, heard over G.711 at 8 kHz, with about half its long words right.
ENOUGH = 0.4


def menu_key(guide, topic_id: str) -> str:
    """The key that picks a topic in its parent's menu."""
    parent = guide.tree.topics[topic_id].parent or ROOT_TOPIC_ID
    return str([t.id for t in guide.tree.children(parent)].index(topic_id) + 1)


def test_a_caller_picks_spanish_hears_is_it_safe_and_leaves(phone_line, guide, transcribe,
                                                              tmp_path):
    spanish = guide.localizer("es")
    safety = guide.tree.topics["safety"]
    with Caller() as caller:
        answer = caller.call(phone_line.uri, codecs=("G722",))
        assert answer["connected"] and answer["codec"] == "G722"

        caller.listen()
        assert caller.wait_speech()["heard"]
        caller.wait_quiet()
        caller.save(tmp_path / "languages.wav")
        # the first language is offered in its own words (each is: Whisper hears one language
        # at a time)
        offered = transcribe(tmp_path / "languages.wav", "en", guide_words=False)
        assert share_heard("For English", offered) == 1.0, offered

        caller.listen()
        caller.press("2")
        assert caller.wait_speech()["heard"]  # the greeting, in Spanish
        # pressed in the middle of the greeting: it stops there, and the topic is read
        caller.listen()
        caller.press(menu_key(guide, "safety"), method="info")
        assert caller.wait_speech()["heard"]
        caller.wait_quiet()
        caller.save(tmp_path / "safety.wav")
        heard = transcribe(tmp_path / "safety.wav", "es")
        expected = f"{spanish.title(safety)} {spanish.segment_text(safety.segments[0])}"
        assert share_heard(expected, heard) >= ENOUGH, heard

        # help, which ends by offering to end the call; the same key again ends it
        caller.listen()
        caller.press("0")
        caller.wait_quiet()
        caller.listen()
        caller.press("0")
        assert caller.wait_end()["ended"]
        caller.save(tmp_path / "goodbye.wav")
        goodbye = transcribe(tmp_path / "goodbye.wav", "es", guide_words=False)
        assert share_heard(spanish.gettext("Goodbye."), goodbye) == 1.0, goodbye
    assert phone_line.wait_for_log("call 1: goodbye")
    assert phone_line.wait_for_log("call 1: ended (0 gaps)")
    # the caller said nothing: neither the codec's idle noise nor the line's own voice was
    # taken for a command
    assert not [text for text in phone_line.log if ": heard " in text], phone_line.log
