"""One limit on a question in a person's own words (`voiceinfo.questions.LONGEST_QUESTION`), at
every door, each saying so in its own way: the API with a 400, the web page and the loop with a
line in the person's language, `voiceinfo ask` with one line and a non-zero exit status. A
question of just the limit is answered everywhere."""

from __future__ import annotations

import json

import pytest

from voiceinfo.environment import ExitStatus
from voiceinfo.i18n import LOCALES
from voiceinfo.questions import LONGEST_QUESTION, TOO_LONG
from voiceinfo.web import create_app

AT_THE_LIMIT, OVER_IT = LONGEST_QUESTION, LONGEST_QUESTION + 1


def question(length: int) -> str:
    """A question the article answers (warfarin: who should avoid it), `length` characters
    long; the marks after the word are read as nothing."""
    return "warfarin" + "!" * (length - len("warfarin"))


@pytest.fixture
def client(tmp_path, guide):
    return create_app({"TESTING": True, "GUIDE": guide,
                       "AUDIO_DIR": str(tmp_path / "audio")}).test_client()


@pytest.mark.parametrize("path, name", [("ask", "q"), ("navigate", "argument")])
@pytest.mark.parametrize("length, status", [(AT_THE_LIMIT, 200), (OVER_IT, 400)])
def test_the_api_refuses_a_longer_question_with_a_400(client, path, name, length, status):
    extra = {"command": "ask"} if path == "navigate" else {}
    response = client.get(f"/api/v1/en/{path}", query_string={name: question(length), **extra})
    assert response.status_code == status
    if status == 400:
        assert f"{LONGEST_QUESTION} characters" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("lang", LOCALES)
def test_the_page_says_so_in_the_persons_language(client, guide, lang):
    response = client.get(f"/{lang}/ask/", query_string={"q": question(OVER_IT)})
    page = response.get_data(as_text=True)
    said = guide.localizer(lang).gettext(TOO_LONG, most=LONGEST_QUESTION)
    assert response.status_code == 200
    assert said in page and (lang == "en" or said != TOO_LONG % {"most": LONGEST_QUESTION})
    assert question(OVER_IT) not in page  # neither shown again nor kept in the form
    assert f'maxlength="{LONGEST_QUESTION}"' in page


def test_the_page_answers_a_question_of_just_the_limit(client, guide):
    page = client.get("/en/ask/", query_string={"q": question(AT_THE_LIMIT)}).get_data(
        as_text=True)
    assert "Who should avoid it" in page
    assert guide.localizer("en").gettext(TOO_LONG, most=LONGEST_QUESTION) not in page


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_loop_says_so_and_stays_where_it_was(run_cli, guide, lang):
    result = run_cli("--text", "--lang", lang, stdin=f"{question(OVER_IT)}\nquit\n")
    assert result.status == ExitStatus.SUCCESS
    assert guide.localizer(lang).gettext(TOO_LONG, most=LONGEST_QUESTION) in result.lines
    assert not any(line.startswith(("From ", "De ")) for line in result.lines)


def test_the_loop_answers_a_question_of_just_the_limit(run_cli):
    result = run_cli("--text", stdin=f"{question(AT_THE_LIMIT)}\nquit\n")
    assert any(line.startswith("From Who should avoid it:") for line in result.lines)


@pytest.mark.parametrize("args, stdin, answered", [
    ([question(OVER_IT)], "", []),
    ([], f"{question(OVER_IT)}\n{question(AT_THE_LIMIT)}\n", [question(AT_THE_LIMIT)]),
])
def test_ask_says_so_in_one_line_and_exits_non_zero(run_cli, args, stdin, answered):
    result = run_cli("ask", *args, stdin=stdin)
    assert result.status == ExitStatus.ERROR
    too_long = [line for line in result.stderr.splitlines() if "too long" in line]
    assert too_long == [f"voiceinfo: a question of {OVER_IT} characters is too long; ask it "
                        f"in at most {LONGEST_QUESTION}"]
    assert [json.loads(line)["question"] for line in result.lines] == answered
