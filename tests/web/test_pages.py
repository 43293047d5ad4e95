"""The HTML pages through Flask's test client: structure, faithful text, navigation, language,
size and caching."""

from __future__ import annotations

import pytest

from tests.web.conftest import page_urls, soup
from voiceinfo.content import ROOT_TOPIC_ID, SOURCES_TOPIC_ID
from voiceinfo.i18n import AUTONYMS, LOCALES

MAX_PAGE_BYTES = 14 * 1024
MAX_STYLESHEET_BYTES = 4 * 1024


@pytest.mark.sweep
def test_every_page_answers_with_one_h1_landmarks_and_a_skip_link(client, guide):
    for url in page_urls(guide):
        response = client.get(url)
        assert response.status_code == 200, url
        html = soup(response)
        assert len(html.find_all("h1")) == 1, url
        assert html.find("main", id="main") and html.find("header") and html.find("footer"), url
        skip = html.body.find("a")
        assert skip["href"] == "#main", url


@pytest.mark.sweep
def test_every_page_is_at_most_14_kb(client, guide):
    sizes = {url: len(client.get(url).data) for url in page_urls(guide)}
    assert max(sizes.values()) <= MAX_PAGE_BYTES, max(sizes, key=sizes.get)


def test_the_stylesheet_is_at_most_4_kb(client):
    assert len(client.get("/static/style.css").data) <= MAX_STYLESHEET_BYTES


@pytest.mark.parametrize("lang, direction", [
    ("en", "ltr"), ("es", "ltr"), ("fr", "ltr"), ("de", "ltr"), ("ar", "rtl")])
def test_html_element_carries_language_and_direction(client, lang, direction):
    html = soup(client.get(f"/{lang}/fatigue/"))
    assert html.html["lang"] == lang
    assert html.html["dir"] == direction


def test_language_switcher_names_each_language_in_itself(client):
    html = soup(client.get("/de/pain/2/"))
    links = html.find("nav", class_="langs").find_all("a")
    assert [(a["lang"], a.get_text()) for a in links] == list(AUTONYMS.items())
    assert [a["href"] for a in links] == [f"/{lang}/pain/2/" for lang in LOCALES]
    assert [a["lang"] for a in links if a.get("aria-current") == "true"] == ["de"]


@pytest.mark.parametrize("lang", LOCALES)
def test_topic_page_shows_exactly_what_the_localizer_returns(client, guide, lang):
    local = guide.localizer(lang)
    for topic in guide.tree.topics.values():
        url = f"/{lang}/" if topic.id == ROOT_TOPIC_ID else f"/{lang}/{topic.id}/"
        html = soup(client.get(url))
        assert html.h1.get_text() == local.title(topic)
        texts = [part.p.get_text() for part in html.find_all("div", class_="part")]
        assert texts == [local.segment_text(segment) for segment in topic.segments], url


def test_home_page_opens_with_the_safety_message(client, guide):
    local = guide.localizer("en")
    html = soup(client.get("/en/"))
    first_paragraphs = [p.get_text() for p in html.main.find_all("p")][:2]
    assert first_paragraphs == [local.segment_text(s) for s in guide.tree.root.segments]
    assert "complementary" in first_paragraphs[-1]


def test_children_are_a_numbered_list_of_links(client, guide):
    local = guide.localizer("fr")
    html = soup(client.get("/fr/evidence/"))
    menu = html.find("ol", class_="menu")
    assert [(a["href"], a.get_text()) for a in menu.find_all("a")] == [
        (f"/fr/{child.id}/", local.title(child)) for child in guide.tree.children("evidence")]


def test_breadcrumb_says_where_you_are(client, guide):
    local = guide.localizer("en")
    crumbs = soup(client.get("/en/fatigue/2/")).find("nav", class_="crumbs")
    assert [a.get_text() for a in crumbs.find_all("a")] == [
        local.title(t) for t in guide.tree.path("fatigue")]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == "Part 2 of 3"


@pytest.mark.parametrize("url, previous, following, up", [
    ("/en/fatigue/1/", "/en/evidence/4/", "/en/fatigue/2/", "/en/evidence/end/"),
    ("/en/fatigue/3/", "/en/fatigue/2/", "/en/fatigue/end/", "/en/evidence/end/"),
    ("/en/fatigue/end/", "/en/fatigue/3/", "/en/pain/1/", "/en/evidence/end/"),
    ("/en/evidence/4/", "/en/evidence/3/", "/en/evidence/end/", "/en/home/end/"),
    ("/en/evidence/end/", "/en/evidence/4/", "/en/fatigue/1/", "/en/home/end/"),
    ("/en/home/1/", None, "/en/home/2/", "/en/home/end/"),
    ("/en/home/end/", "/en/home/2/", "/en/key-facts/1/", "/en/home/end/"),
    ("/en/key-facts/1/", "/en/home/2/", "/en/key-facts/2/", "/en/home/end/"),
    ("/en/sources/11/", "/en/sources/10/", "/en/sources/end/", "/en/home/end/"),
    ("/en/sources/end/", "/en/sources/11/", None, "/en/home/end/"),
    ("/en/fatigue/", "/en/evidence/", "/en/pain/", "/en/evidence/"),
    ("/en/", None, "/en/key-facts/", None),
    ("/en/sources/", "/en/questions/", None, "/en/"),
])
def test_previous_next_and_up_follow_the_reading_order(client, url, previous, following, up):
    moves = soup(client.get(url)).find("nav", class_="moves")
    found = {a.find(class_="key").get_text(): a["href"] for a in moves.find_all("a")}
    assert found.get("Previous") == previous
    assert found.get("Next") == following
    assert found.get("Up") == up
    assert found.get("Home", "/en/") == "/en/"


def test_references_link_to_the_sources_topic(client, guide):
    html = soup(client.get("/en/walking/"))
    links = [a["href"] for a in html.find_all("ul", class_="refs")[0].find_all("a")]
    first = guide.tree.topics["walking"].segments[0]
    assert links == [f"/en/{SOURCES_TOPIC_ID}/#ref-{n}" for n in first.sources]
    sources = soup(client.get(f"/en/{SOURCES_TOPIC_ID}/"))
    assert all(sources.find(id=f"ref-{n}") for n in guide.tree.references)


def test_dois_are_links_and_a_truncated_doi_is_only_text(client, guide):
    sources = soup(client.get("/en/sources/"))
    for reference in guide.tree.references.values():
        part = sources.find(id=f"ref-{reference.number}")
        links = [a["href"] for a in part.find_all("a")]
        assert links == ([reference.doi_url] if reference.doi_url else [])
        if reference.doi and not reference.doi_url:
            assert f"DOI: {reference.doi}" in part.get_text()
    assert not sources.find("a", href="https://doi.org/10.1016/")


def test_every_segment_has_audio_beside_its_text_on_its_own_page(client, guide):
    for number, segment in enumerate(guide.tree.topics["pain"].segments, start=1):
        part = soup(client.get(f"/es/pain/{number}/")).find("div", class_="part")
        audio = part.find("audio")
        assert audio["src"] == f"/audio/es/segments/{segment.id}.opus"
        assert audio["preload"] == "none" and audio.has_attr("controls")
        assert part.p.get_text()


def test_a_topic_page_has_one_player_for_the_whole_topic_behind_a_disclosure(client):
    """A player is a dozen things Orca reads aloud: one a topic, closed until asked for."""
    html = soup(client.get("/es/pain/"))
    (player,) = html.find_all("audio")
    assert player["src"] == "/audio/es/topics/pain.opus" and player.has_attr("controls")
    disclosure = player.find_parent("details")
    assert not disclosure.has_attr("open")
    assert disclosure.summary.get_text() == player["aria-label"] == "Escuchar todo el tema"
    assert disclosure.find_previous_sibling() == html.main.h1


def test_pages_can_be_made_without_audio(guide, tmp_path):
    from voiceinfo.web import create_app
    quiet = create_app({"GUIDE": guide, "AUDIO": False, "AUDIO_DIR": str(tmp_path)})
    client = quiet.test_client()
    assert not soup(client.get("/en/pain/")).find("audio")
    assert client.get("/audio/en/topics/pain.opus").status_code == 404


@pytest.mark.parametrize("url, location", [
    ("/en", "/en/"),
    ("/en/fatigue", "/en/fatigue/"),
    ("/en/fatigue/2", "/en/fatigue/2/"),
    ("/en/home/", "/en/"),
])
def test_addresses_without_the_last_slash_lead_to_the_page(client, url, location):
    response = client.get(url)
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith(location)


@pytest.mark.parametrize("accept_language, lang", [
    ("es-ES,es;q=0.9,en;q=0.8", "es"),
    ("fr-CH, fr;q=0.9", "fr"),
    ("de", "de"),
    ("ar-EG", "ar"),
    ("ja, de;q=0.5", "de"),
    ("pt-BR", "en"),
    ("", "en"),
    ("*", "en"),
    ("en-GB;q=0, es;q=0.1", "es"),
    ("zz-@@;q=abc, ,,;", "en"),
    ("FR", "fr"),
    ("ES-mx", "es"),
])
def test_root_sends_you_to_your_language(client, accept_language, lang):
    response = client.get("/", headers={"Accept-Language": accept_language})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{lang}/"
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("url, lang", [
    ("/en/no-such-topic/", "en"),
    ("/ar/no-such-topic/", "ar"),
    ("/de/fatigue/99/", "de"),
    ("/es/fatigue/0/", "es"),
    ("/fr/fatigue/99999999999999999999999/", "fr"),
    ("/xx/", "en"),
    ("/EN/fatigue/", "en"),
    ("/en/Fatigue/", "en"),
    ("/es/fatigue/uno/", "es"),
])
def test_unknown_pages_get_an_accessible_localised_404(client, url, lang):
    response = client.get(url)
    assert response.status_code == 404
    html = soup(response)
    assert html.html["lang"] == lang
    assert len(html.find_all("h1")) == 1
    assert html.find("main") and html.body.find("a")["href"] == "#main"
    assert html.find("a", href=f"/{lang}/")


def test_unknown_language_page_follows_the_browser(client):
    response = client.get("/xx/", headers={"Accept-Language": "fr"})
    assert soup(response).html["lang"] == "fr"


def test_pages_have_etags_and_answer_304(client):
    first = client.get("/en/pain/")
    assert first.headers["ETag"]
    again = client.get("/en/pain/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_head_requests_are_answered(client):
    response = client.head("/en/pain/")
    assert response.status_code == 200
    assert response.data == b""


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_refused_politely(client, method):
    response = getattr(client, method)("/en/pain/", data="x" * 100)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert soup(response).h1


@pytest.mark.parametrize("lang, skip_link, up", [
    ("en", "Skip to the text", "Up"), ("es", "Ir al texto", "Arriba"),
    ("fr", "Aller au texte", "Menu"), ("de", "Zum Text springen", "Menü"),
    ("ar", "الانتقال إلى النص", "أعلى"),
])
def test_interface_strings_are_translated_on_the_page(client, lang, skip_link, up):
    html = soup(client.get(f"/{lang}/fatigue/2/"))
    assert html.find("a", href="#main").get_text(strip=True) == skip_link
    assert up in html.find("nav", class_="moves").get_text()


@pytest.mark.parametrize("url", ["/en/", "/ar/fatigue/2/", "/de/evidence/end/", "/fr/nowhere/"])
def test_every_page_carries_a_labelled_question_form_that_needs_no_script(client, url):
    form = soup(client.get(url)).find("form", role="search")
    assert form["method"] == "get" and form["action"] == f"/{url.split('/')[1]}/ask/"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert form.find("button", type="submit").get_text(strip=True)


def test_the_answers_page_links_each_answer_to_its_part(client, guide):
    html = soup(client.get("/en/ask/", query_string={"q": "Can I have it with a pacemaker?"}))
    first = html.find("ol", class_="answers").find("li")
    pacemaker = guide.tree.topics["who-should-avoid"].segments[3]
    assert first.find("a")["href"] == "/en/who-should-avoid/4/"
    assert first.find("p").get_text() == guide.localizer("en").segment_text(pacemaker)
    assert html.find("input", attrs={"name": "q"})["value"] == "Can I have it with a pacemaker?"


@pytest.mark.parametrize(("url", "said"), [
    ("/en/ask/?q=what%27s+the+weather+tomorrow", "The article doesn't say."),
    ("/es/ask/?q=pon+m%C3%BAsica", "El artículo no lo dice."),
    ("/en/ask/", "Type a question in your own words"),
    ("/en/ask/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "The article doesn't say."),
])
def test_the_answers_page_says_when_the_article_does_not_answer(client, url, said):
    response = client.get(url)
    assert response.status_code == 200
    main = soup(response).find("main")
    assert said in main.get_text() and not main.find("ol")
    assert b"<script>" not in response.data
