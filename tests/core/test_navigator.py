"""The navigator: every command of the brief, driven purely (no terminal, no audio)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from voiceinfo.commands import Command, CommandName as C
from voiceinfo.navigator import Place, State
from voiceinfo.pace import FASTEST_WORDS_A_MINUTE as FASTEST, SLOWEST_WORDS_A_MINUTE as SLOWEST


@pytest.fixture
def nav(guide):
    return guide.navigator


@pytest.fixture
def english(guide):
    return guide.localizer("en")


def walk(nav, *commands, state=None):
    """Runs commands from the greeting (or `state`); returns every reply."""
    reply = nav.start() if state is None else nav.handle(state, Command(C.REPEAT))
    replies = [reply]
    for command in commands:
        reply = nav.handle(reply.state, command)
        replies.append(reply)
    return replies


def segment(guide, english, topic_id, index):
    return english.segment_text(guide.tree.topics[topic_id].segments[index])


def test_the_greeting_is_title_safety_message_then_menu(nav, guide, english):
    greeting = nav.start()
    assert greeting.said[0] == "Acupuncture and MS"
    assert greeting.said[1] == segment(guide, english, "home", 1)
    assert "healthcare provider" in greeting.said[1]
    assert greeting.said[-1].startswith("Topics: Key facts 1, About MS 2, About acupuncture 3,")
    assert greeting.said[-1].endswith(", Questions 6, Sources 7.")
    assert len(greeting.said) == 3
    assert greeting.state.place == Place("home", 2)


def test_goto_reads_the_title_and_first_segment(nav, guide, english):
    reply = walk(nav, Command(C.GOTO, "fatigue"))[-1]
    assert reply.said == ("Fatigue", segment(guide, english, "fatigue", 0))
    assert reply.state.place == Place("fatigue", 0)


def test_where_speaks_the_path(nav):
    reply = walk(nav, Command(C.GOTO, "fatigue"), Command(C.NEXT), Command(C.WHERE))[-1]
    assert reply.said == ("You are at Does it help with MS, then Fatigue, part 2 of 3.",)


def test_the_end_of_a_topic_says_so_and_offers_the_next_step(nav):
    replies = walk(nav, Command(C.GOTO, "fatigue"), Command(C.NEXT), Command(C.NEXT),
                   Command(C.NEXT))
    assert replies[-1].said == (
        "That is the end of Fatigue. Say next for Pain, or up for Does it help with MS.",)
    after = nav.handle(replies[-1].state, Command(C.NEXT))
    assert after.said[0] == "Pain"


def test_the_end_of_a_topic_with_children_offers_its_menu(nav):
    state = State(place=Place("safety", 2))
    reply = nav.handle(state, Command(C.NEXT))
    assert reply.said == ("Topics: Can it make MS worse 1, Risks 2, Who should avoid it 3.",)
    chosen = nav.handle(reply.state, Command(C.CHOOSE, 2))
    assert chosen.said[0] == "Risks" and chosen.state.place == Place("risks", 0)


def test_the_end_of_the_article(nav):
    last = State(place=Place("sources", len(nav.tree.topics["sources"].segments)))
    reply = nav.handle(last, Command(C.NEXT))
    assert "end of the article" in reply.text
    assert reply.state.place == last.place


def test_previous_goes_back_a_segment_then_into_the_previous_topic(nav, guide, english):
    replies = walk(nav, Command(C.GOTO, "pain"), Command(C.NEXT), Command(C.PREVIOUS),
                   Command(C.PREVIOUS))
    assert replies[-2].said == (segment(guide, english, "pain", 0),)
    assert replies[-1].said == ("Fatigue", segment(guide, english, "fatigue", 2))


def test_previous_at_the_very_beginning(nav):
    reply = nav.handle(State(place=Place("home", 0)), Command(C.PREVIOUS))
    assert "beginning" in reply.text


@pytest.mark.parametrize("start, expected_place, first_line", [
    (Place("fatigue", 1), Place("evidence", 4), "Does it help with MS?"),
    (Place("evidence", 0), Place("home", 2), "Acupuncture and MS"),
    (Place("home", 0), Place("home", 2), "Acupuncture and MS"),
])
def test_up_goes_to_the_parent_s_menu(nav, start, expected_place, first_line):
    reply = nav.handle(State(place=start), Command(C.UP))
    assert reply.state.place == expected_place
    assert reply.said[0] == first_line
    assert reply.said[-1].startswith("Topics: ")


def test_choose_from_a_leaf_picks_among_its_siblings(nav):
    reply = nav.handle(State(place=Place("fatigue", 0)), Command(C.CHOOSE, 3))
    assert reply.state.place == Place("walking", 0)


@pytest.mark.parametrize("number", [0, 8, -1])
def test_choose_a_number_not_on_the_menu(nav, number):
    state = State(place=Place("home", 2))
    reply = nav.handle(state, Command(C.CHOOSE, number))
    assert reply.state.place == state.place
    assert "Say a number from 1 to 7" in reply.text


def test_home_from_anywhere_gives_the_safety_message_again(nav, guide, english):
    reply = nav.handle(State(place=Place("risks", 1)), Command(C.HOME))
    assert segment(guide, english, "home", 1) in reply.said


def test_repeat_says_the_last_thing_again(nav):
    replies = walk(nav, Command(C.GOTO, "walking"), Command(C.NEXT), Command(C.REPEAT))
    assert replies[-1].said == replies[-2].said


def test_repeat_after_help_or_pause_keeps_the_content(nav):
    replies = walk(nav, Command(C.GOTO, "walking"), Command(C.PAUSE), Command(C.REPEAT))
    assert replies[-1].said == replies[1].said


def test_pause_then_resume_reads_the_current_segment(nav, guide, english):
    replies = walk(nav, Command(C.GOTO, "bladder"), Command(C.NEXT), Command(C.PAUSE),
                   Command(C.RESUME))
    assert replies[-2].state.paused
    assert "Paused" in replies[-2].text
    assert replies[-1].said == (segment(guide, english, "bladder", 1),)
    assert not replies[-1].state.paused


def test_help_lists_what_can_be_said_and_the_keys(nav):
    reply = walk(nav, Command(C.HELP))[-1]
    assert "You can say: next, go back, repeat" in reply.said[0]
    assert "q quit" in reply.said[1]
    assert reply.said[2] == ("To ask in your own words, say question (or press k), then ask "
                             "it; or press slash and type it.")


@pytest.mark.parametrize("lang", ["es", "fr", "de", "ar"])
def test_help_in_every_language_says_questions_can_be_spoken(nav, guide, lang):
    reply = nav.handle(State(lang=lang), Command(C.HELP))
    local = guide.localizer(lang)
    keys = nav._first_keys(local)
    expected = local.gettext("To ask in your own words, say question (or press %(question)s), "
                             "then ask it; or press %(goto)s and type it.",
                             question=keys["question"], goto=keys["goto"])
    assert reply.said[2] == expected and "English" not in expected


def test_the_question_command_cues_a_spoken_question_and_any_next_turn_ends_the_wait(nav):
    cued = walk(nav, Command(C.GOTO, "pain"), Command(C.QUESTION))[-1]
    assert cued.said == ("Ask your question.",) and cued.state.awaiting_question
    # the cue is no content: repeat says the part again, and the wait is over
    repeated = nav.handle(cued.state, Command(C.REPEAT))
    assert repeated.said[-1] == walk(nav, Command(C.GOTO, "pain"))[-1].said[-1]
    assert not repeated.state.awaiting_question
    for command in (Command(C.ASK, "is it safe with warfarin"), Command(C.NONE)):
        assert not nav.handle(cued.state, command).state.awaiting_question


@pytest.mark.parametrize("lang, cue", [("es", "Haga su pregunta."),
                                       ("fr", "Posez votre question."),
                                       ("de", "Stellen Sie Ihre Frage."),
                                       ("ar", "يمكنك طرح سؤالك الآن.")])
def test_in_every_language_the_question_command_cues_a_spoken_question(nav, lang, cue):
    reply = nav.handle(State(lang=lang), Command(C.QUESTION))
    assert reply.state.awaiting_question and reply.said == (cue,)


@pytest.mark.parametrize("rate, command, expected_rate, message", [
    (160, C.SLOWER, 145, "Slower."),
    (160, C.FASTER, 176, "Faster."),
    (SLOWEST, C.SLOWER, SLOWEST, "This is the slowest speed."),
    (85, C.SLOWER, SLOWEST, "Slower."),
    (FASTEST, C.FASTER, FASTEST, "This is the fastest speed."),
])
def test_rate_changes_in_steps_of_ten_percent_within_limits(nav, rate, command, expected_rate,
                                                             message):
    reply = nav.handle(State(rate=rate), Command(command))
    assert reply.state.rate == expected_rate
    assert reply.said == (message,)


def test_language_switch_reads_the_current_segment_in_the_new_language(nav, guide):
    spanish = guide.localizer("es")
    state = nav.handle(State(), Command(C.GOTO, "pain")).state
    reply = nav.handle(state, Command(C.LANGUAGE, "es"))
    assert reply.state.lang == "es"
    assert reply.said[0] == "Español."
    assert reply.said[2] == spanish.segment_text(guide.tree.topics["pain"].segments[0])
    assert reply.state.place == Place("pain", 0)


def test_language_key_cycles_through_the_languages(nav):
    state = State(lang="ar")
    reply = nav.handle(state, Command(C.LANGUAGE))
    assert reply.state.lang == "en"
    assert nav.handle(reply.state, Command(C.LANGUAGE)).state.lang == "es"


def test_not_understood_escalates_then_resets(nav):
    first = nav.handle(State(), Command(C.NONE))
    second = nav.handle(first.state, Command(C.NONE))
    assert first.said == ("Sorry, I didn't catch that.",)
    assert second.said[0] == "Sorry, I didn't catch that."
    assert second.said[1].startswith("You can say next, go back")
    recovered = nav.handle(second.state, Command(C.WHERE))
    assert recovered.state.misses == 0
    assert nav.handle(recovered.state, Command(C.NONE)).said == first.said


def test_no_input_escalates(nav):
    first = nav.no_input(State())
    second = nav.no_input(first.state)
    assert first.said == ("I didn't hear anything.",)
    assert len(second.said) == 2


def test_a_saved_place_is_offered_without_a_question(nav, guide, english):
    saved = State(place=Place("fatigue", 1), rate=200)
    greeting = nav.start(saved)
    assert greeting.said[0] == "Say continue to go back to Fatigue, part 2."
    assert greeting.state.rate == 200
    resumed = nav.handle(greeting.state, Command(C.RESUME))
    assert resumed.said == ("Fatigue", segment(guide, english, "fatigue", 1))


def test_any_other_command_after_the_offer_starts_afresh(nav):
    greeting = nav.start(State(place=Place("fatigue", 1)))
    moved = nav.handle(greeting.state, Command(C.NEXT))
    assert moved.state.place == Place("key-facts", 0)
    assert moved.state.resume_offer is None
    again = nav.handle(moved.state, Command(C.RESUME))
    assert again.state.place == Place("key-facts", 0)


@pytest.mark.parametrize("saved_place", [
    Place("no-such-topic", 0), Place("fatigue", 99), Place("home", 0),
])
def test_a_stale_saved_place_is_not_offered(nav, saved_place):
    greeting = nav.start(State(place=saved_place))
    assert greeting.state.resume_offer is None
    assert not any("continue" in line for line in greeting.said)


def test_quit_says_goodbye_and_finishes(nav):
    reply = nav.handle(State(), Command(C.QUIT))
    assert reply.finished and reply.said == ("Goodbye.",)


def test_goto_unknown_topic_is_not_understood(nav):
    reply = nav.handle(State(), Command(C.GOTO, "nowhere"))
    assert reply.said == ("Sorry, I didn't catch that.",)


def test_every_topic_can_be_walked_with_next_alone(nav, guide):
    state, seen = nav.start().state, {"home"}
    for _ in range(200):
        reply = nav.handle(state, Command(C.NEXT))
        if reply.state == replace(state, last_said=reply.state.last_said):
            break
        state = reply.state
        seen.add(state.place.topic)
    assert seen == set(guide.tree.topics)
