"""The JSON API: the same data as `voiceinfo export`, and its OpenAPI description (fuzzed
against it in test_api_fuzz.py)."""

from __future__ import annotations

import json

import pytest

from voiceinfo.commands import CommandName
from voiceinfo.export import tree_data
from voiceinfo.i18n import LOCALES


@pytest.mark.parametrize("lang", LOCALES)
def test_tree_is_what_voiceinfo_export_prints(client, run_cli, guide, lang):
    response = client.get(f"/api/v1/{lang}/tree")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    exported = run_cli("export", "--lang", lang)
    assert response.get_json() == json.loads(exported.stdout) == tree_data(guide, lang)


def test_languages_are_listed_with_their_own_names(client):
    locales = client.get("/api/v1/").get_json()["locales"]
    assert [(entry["code"], entry["name"], entry["dir"]) for entry in locales] == [
        ("en", "English", "ltr"), ("es", "Español", "ltr"), ("fr", "Français", "ltr"),
        ("de", "Deutsch", "ltr"), ("ar", "العربية", "rtl")]


def test_topic_says_where_it_sits(client, guide):
    local = guide.localizer("ar")
    topic = client.get("/api/v1/ar/topics/fatigue").get_json()
    assert topic["title"] == local.title(guide.tree.topics["fatigue"])
    assert topic["dir"] == "rtl"
    assert topic["path"] == ["home", "evidence", "fatigue"]
    assert (topic["parent"], topic["previous"], topic["next"]) == ("evidence", "evidence", "pain")
    assert topic["children"] == []
    assert topic["page"] == "/ar/fatigue/"
    assert [s["audio"] for s in topic["segments"]] == [
        f"/audio/ar/segments/{s.id}.opus" for s in guide.tree.topics["fatigue"].segments]
    assert topic["audio"] == "/audio/ar/topics/fatigue.opus"


def test_home_topic_lists_its_children_by_id(client, guide):
    home = client.get("/api/v1/en/topics/home").get_json()
    assert home["children"] == list(guide.tree.root.children)
    assert home["parent"] is None and home["previous"] is None


def test_segment_names_its_references(client, guide):
    segment = client.get("/api/v1/es/segments/walking-2").get_json()
    expected = guide.tree.topics["walking"].segments[1]
    assert segment["text"] == guide.localizer("es").segment_text(expected)
    assert segment["topic"] == "walking" and segment["number"] == 2
    assert [r["number"] for r in segment["references"]] == list(expected.sources)
    assert segment["page"] == "/es/walking/2/"


def test_truncated_doi_has_no_url_in_the_api(client):
    segment = client.get("/api/v1/en/segments/sources-ref-9").get_json()
    assert segment["references"] == [{
        "number": 9, "citation": segment["references"][0]["citation"], "doi": "10.1016/",
        "doi_url": None}]


def test_commands_list_every_command_with_words_and_keys(client, guide):
    commands = {c["name"]: c for c in client.get("/api/v1/en/commands").get_json()["commands"]}
    assert set(commands) == {name.value for name in CommandName} - {"none"}
    assert "next" in commands["next"]["phrases"] and "n" in commands["next"]["keys"]
    assert commands["choose"]["arguments"]["3"] == ["three", "third", "number three"]
    assert "Español".lower() in commands["language"]["arguments"]["es"]
    assert "fatigue" in commands["goto"]["arguments"]["fatigue"]
    assert commands["quit"]["arguments"] is None


@pytest.mark.parametrize("url", [
    "/api/v1/xx/tree",
    "/api/v1/en/topics/no-such-topic",
    "/api/v1/en/segments/fatigue-99",
    "/api/v1/en/segments/",
    "/api/v2/en/tree",
    "/api/v1/en/topics/%2e%2e%2fsecret",
])
def test_unknown_things_are_json_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.get_json() == {"error": {"status": 404, "message": "Not Found"}}


def test_api_refuses_other_methods_with_json(client):
    response = client.post("/api/v1/en/tree", json={"a": 1})
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


def test_ask_answers_as_the_command_line_does(client, run_cli):
    question = "Is acupuncture safe if I take warfarin?"
    answered = client.get("/api/v1/en/ask", query_string={"q": question}).get_json()
    printed = json.loads(run_cli("ask", "--lang", "en", question).stdout)
    assert answered["question"] == question and answered["lang"] == "en"
    assert answered["answers"] == printed["answers"]
    assert answered["answers"][0]["segment"] == "who-should-avoid-3"


def test_navigate_asks_as_the_loop_does_and_carries_on_from_the_answer(client, run_cli):
    question = "Is acupuncture safe if I take warfarin?"
    asked = client.get("/api/v1/en/navigate", query_string={
        "command": "ask", "argument": question}).get_json()
    loop = run_cli("--text", stdin=f"{question}\nquit\n").lines
    assert asked["said"][0] in loop and asked["said"][0].startswith("From Who should avoid it: ")
    assert asked["at"] == "who-should-avoid/3"
    following = client.get("/api/v1/en/navigate", query_string={
        "command": "next", "at": asked["at"]}).get_json()
    assert following["at"] == "who-should-avoid/4"


def test_ask_answers_in_arabic_with_the_arabic_text(client, guide):
    data = client.get("/api/v1/ar/ask", query_string={"q": "أتناول مميعات الدم"}).get_json()
    warfarin = guide.tree.topics["who-should-avoid"].segments[2]
    assert data["answers"][0]["segment"] == warfarin.id
    assert data["answers"][0]["text"] == guide.localizer("ar").segment_text(warfarin)


def test_ask_a_question_the_article_does_not_answer(client):
    data = client.get("/api/v1/en/ask", query_string={"q": "what's the weather tomorrow"})
    assert data.get_json()["answers"] == []


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}, {"q": "why " * 200}])
def test_ask_without_a_question_says_why_in_json(client, query):
    response = client.get("/api/v1/en/ask", query_string=query)
    assert response.status_code == 400
    assert "question" in response.get_json()["error"]["message"]


def test_openapi_description_names_every_language_topic_and_segment(client, guide):
    description = client.get("/api/openapi.json").get_json()
    assert description["openapi"].startswith("3.1")
    parameters = description["components"]["parameters"]
    assert parameters["lang"]["schema"]["enum"] == list(LOCALES)
    assert set(parameters["topic_id"]["schema"]["enum"]) == set(guide.tree.topics)
    assert len(parameters["segment_id"]["schema"]["enum"]) == sum(1 for _ in guide.tree.segments())
