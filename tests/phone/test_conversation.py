"""The phone's keys and conversation, without SIP or sound: the same commands give the same
lines as at every other door, and the phone's own lines are in every language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voiceinfo.commands import Command, CommandName
from voiceinfo.content import ContentError, content_dir
from voiceinfo.i18n import LOCALES
from voiceinfo.navigator import State
from voiceinfo.phone.conversation import Conversation
from voiceinfo.phone.keys import load_phone_keys


@pytest.fixture(scope="module")
def keys():
    return load_phone_keys(content_dir())


def spanish_call(guide, keys) -> Conversation:
    conversation = Conversation(guide, keys)
    conversation.key(keys.language_key("es"))
    return conversation


def test_the_opening_offers_each_language_in_its_own_words_and_voice(guide, keys):
    lines = Conversation(guide, keys).opening().lines
    assert [line.lang for line in lines] == list(keys.languages) and set(keys.languages) == set(
        LOCALES)
    assert lines[0].text == "For English, press 1."
    assert lines[1].text == "Para español, oprima 2."
    assert len({line.text for line in lines}) == len(lines)  # every catalog words its own


def test_choosing_a_language_starts_as_the_loop_does(guide, keys):
    turn = Conversation(guide, keys).key("2")
    assert [line.text for line in turn.lines] == list(
        guide.navigator.start(State(lang="es")).said)
    assert {line.lang for line in turn.lines} == {"es"}


def test_silence_at_the_opening_repeats_it_once_then_goes_on_in_the_first_language(guide, keys):
    conversation = Conversation(guide, keys)
    assert conversation.no_input() == conversation.opening()
    turn = conversation.no_input()
    assert [line.text for line in turn.lines] == list(guide.navigator.start(State()).said)


@pytest.mark.parametrize("key, command", [("#", CommandName.NEXT), ("*", CommandName.PREVIOUS),
                                          ("8", CommandName.REPEAT)])
def test_a_key_gives_the_same_lines_as_its_command_anywhere_else(guide, keys, key, command):
    by_key, by_word = spanish_call(guide, keys), spanish_call(guide, keys)
    assert by_key.key(key) == by_word.command(Command(command))
    assert by_key.state == by_word.state


def test_menu_numbers_pick_a_menu_item(guide, keys):
    conversation = spanish_call(guide, keys)
    position = [t.id for t in guide.tree.children("home")].index("safety") + 1
    turn = conversation.key(str(position))
    assert conversation.state.place.topic == "safety"
    assert turn.lines[0].text == guide.localizer("es").title(guide.tree.topics["safety"])


def test_the_menu_key_goes_up_and_at_the_top_home(guide, keys):
    conversation = spanish_call(guide, keys)
    conversation.command(Command(CommandName.GOTO, "fatigue"))
    conversation.key(keys.home)
    assert conversation.state.place == guide.navigator.end_place("evidence")  # up
    turn = conversation.key(keys.home)
    assert [line.text for line in turn.lines] == list(
        guide.navigator.start(State(lang="es")).said)  # home: the safety message again


def test_help_says_the_keypad_and_only_a_second_press_after_it_ends_the_call(guide, keys):
    conversation = spanish_call(guide, keys)
    turn = conversation.key(keys.quit)
    assert turn.offers_quit and not turn.hang_up
    assert "almohadilla" in turn.lines[0].text and "asterisco" in turn.lines[0].text
    # pressed again before the offer was heard (cut off, or a tremor's double press): help again
    assert not conversation.key(keys.quit, quit_offered=False).hang_up
    goodbye = conversation.key(keys.quit, quit_offered=True)
    assert goodbye.hang_up and goodbye.lines[0].text == "Adiós."


def test_a_spoken_language_name_picks_it_at_the_opening(guide, keys):
    conversation = Conversation(guide, keys)
    conversation.command(Command(CommandName.LANGUAGE, "de"))
    assert conversation.state.lang == "de"


@pytest.mark.parametrize("lang", LOCALES)
def test_every_phone_line_is_translated(guide, keys, lang):
    conversation = Conversation(guide, keys)
    conversation.key(keys.language_key(lang))
    said = [conversation.key(keys.quit).lines[0].text, conversation.idle_goodbye().lines[0].text,
            conversation.time_up().lines[0].text]
    if lang != "en":
        english = Conversation(guide, keys)
        english.key("1")
        assert not set(said) & {english.key(keys.quit).lines[0].text,
                                english.idle_goodbye().lines[0].text,
                                english.time_up().lines[0].text}


def test_wrong_phone_keys_are_refused_with_a_reason(tmp_path: Path):
    shutil.copytree(content_dir(), tmp_path, dirs_exist_ok=True)
    commands = tmp_path / "commands.toml"
    commands.write_text(commands.read_text().replace('"#" = "next"', '"3" = "next"'))
    with pytest.raises(ContentError, match="free key"):
        load_phone_keys(tmp_path)


def test_goodbye_said_ends_the_call_only_after_the_help_has_offered_it(guide, keys):
    conversation = spanish_call(guide, keys)
    said_once = conversation.command(Command(CommandName.QUIT))
    assert said_once.offers_quit and not said_once.hang_up  # the help, which offers it
    assert conversation.command(Command(CommandName.QUIT), quit_offered=True).hang_up
