"""The pages in a real browser (Debian's Chromium through Playwright) against the app under
gunicorn: axe-core's WCAG 2.2 A, AA and AAA rules on every page in every language, the
accessibility tree, a keyboard-only walk, forced colors, dark mode (reflow at 320 px is in
test_reflow.py)."""

from __future__ import annotations

import pytest

from tests.web.conftest import AXE, kinds, page_urls
from voiceinfo.content import ROOT_TOPIC_ID
from voiceinfo.i18n import AUTONYMS, LOCALES

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    return result.violations.map(v => v.id + ': ' + v.nodes.map(n => n.html).join(' | '));
}"""
MIN_TARGET = 44


def violations(page, server: str, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        page.goto(server + url)
        page.wait_for_function("() => window.axe !== undefined")
        result = page.evaluate(RUN_AXE, AXE_TAGS)
        if result:
            found[url] = result
    return found


@pytest.fixture
def axe_page(context):
    """A page into which axe-core is injected at every navigation."""
    context.add_init_script(path=str(AXE))
    return context.new_page()


@pytest.mark.parametrize("lang", LOCALES)
def test_every_page_has_no_axe_violation_at_aaa(axe_page, server, guide, lang):
    urls = [*page_urls(guide, [lang]), f"/{lang}/nowhere/", f"/{lang}/ask/?q=warfarin"]
    assert violations(axe_page, server, urls) == {}


@pytest.mark.parametrize("media", [
    {"color_scheme": "dark"},
    {"forced_colors": "active"},
    {"color_scheme": "dark", "reduced_motion": "reduce"},
])
def test_each_kind_of_page_has_no_axe_violation_in_dark_and_forced_colors(axe_page, server,
                                                                          media):
    axe_page.emulate_media(**media)
    assert violations(axe_page, server, kinds()) == {}


def expected_snapshot(guide, lang: str, topic_id: str) -> str:
    """The accessibility tree a topic page must have, written out from the content."""
    local, tree = guide.localizer(lang), guide.tree
    topic = tree.topics[topic_id]
    url = f"/{lang}/{topic_id}/"
    lines = ['- link "Skip to the text":', '  - /url: "#main"', "- banner:",
             '  - navigation "Language":', "    - list:"]
    for code, name in AUTONYMS.items():
        lines += ["      - listitem:", f'        - link "{name}":',
                  f"          - /url: /{code}/{topic_id}/"]
    lines += ["  - search:", "    - text: Ask a question", '    - searchbox "Ask a question"',
              '    - button "Ask"']
    lines += ['  - navigation "You are here":', "    - list:"]
    for above in tree.path(topic_id)[:-1]:
        href = f"/{lang}/" if above.id == ROOT_TOPIC_ID else f"/{lang}/{above.id}/"
        lines += ["      - listitem:", f'        - link "{local.title(above)}":',
                  f"          - /url: {href}"]
    lines += [f"      - listitem: {local.title(topic)}", "- main:",
              f'  - heading "{local.title(topic)}" [level=1]',
              "  - group: Listen to the whole topic"]
    for segment in topic.segments:
        lines += [f"  - paragraph: {local.segment_text(segment)}", "  - list:"]
        for number in segment.sources:
            lines += ["    - listitem:", f'      - link "Source {number}":',
                      f"        - /url: /{lang}/sources/#ref-{number}"]
    lines += ["  - list:",
              "    - listitem:", '      - link "Read one part at a time":',
              f"        - /url: {url}1/", '  - navigation "Move":', "    - list:"]
    order = tree.reading_order.index(topic_id)
    moves = [("Previous", tree.topics[tree.reading_order[order - 1]]),
             ("Next", tree.topics[tree.reading_order[order + 1]]),
             ("Up", tree.topics[topic.parent]), ("Home", tree.root)]
    for label, target in moves:
        href = f"/{lang}/" if target.id == ROOT_TOPIC_ID else f"/{lang}/{target.id}/"
        lines += ["      - listitem:", f'        - link "{label} {local.title(target)}":',
                  f"          - /url: {href}"]
    lines += ["- contentinfo:", "  - list:", "    - listitem:", '      - link "Safety message":',
              f"        - /url: /{lang}/#{tree.root.segments[-1].id}", "    - listitem:",
              f'      - link "{local.title(tree.topics["sources"])}":',
              f"        - /url: /{lang}/sources/"]
    return "\n".join(lines)


def test_topic_page_accessibility_tree(page, server, guide):
    page.goto(f"{server}/en/fatigue/")
    assert page.locator("body").aria_snapshot() == expected_snapshot(guide, "en", "fatigue")


def test_every_audio_player_is_in_the_full_accessibility_tree_with_a_name(context, server,
                                                                          guide):
    """Playwright's ARIA snapshot leaves <audio> out; Chromium's own full tree has it. A topic
    page's one player is in the tree once its disclosure is open; each part's is on its page."""
    page = context.new_page()

    def players() -> list[str]:
        nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        return [node["name"]["value"] for node in nodes
                if node.get("role", {}).get("value") == "Audio" and not node.get("ignored")]

    page.goto(f"{server}/en/fatigue/")
    assert players() == []
    page.get_by_text("Listen to the whole topic").click()
    assert players() == ["Listen to the whole topic"]
    for number in range(1, len(guide.tree.topics["fatigue"].segments) + 1):
        page.goto(f"{server}/en/fatigue/{number}/")
        assert players() == [f"Listen to part {number}"]


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement, box = e.getBoundingClientRect(),
              style = getComputedStyle(e);
        return {tag: e.tagName, target: e.getAttribute('href') || e.getAttribute('src') || '',
                x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height,
                outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
    }""")


def _region(page, stop: dict) -> bytes:
    margin = 8
    return page.screenshot(full_page=True, clip={
        "x": max(0, stop["x"] - margin), "y": max(0, stop["y"] - margin),
        "width": stop["width"] + 2 * margin, "height": stop["height"] + 2 * margin})


@pytest.mark.parametrize("url", ["/en/fatigue/", "/ar/fatigue/2/", "/de/evidence/"])
def test_keyboard_alone_reaches_every_control_with_visible_focus(page, server, url):
    page.goto(server + url)
    controls = set(page.eval_on_selector_all(
        "a[href], summary, audio[controls], input, button",
        "elements => elements.filter(e => !e.closest('details:not([open]) > :not(summary)'))"
        ".map(e => e.tagName + ' ' + (e.getAttribute('href') || e.src || ''))"))
    controls = {c.replace(server, "") for c in controls}
    reached, stops = set(), []
    for _ in range(120):
        page.keyboard.press("Tab")
        stop = _focused(page)
        if stop["tag"] == "BODY":
            break
        if stops:
            previous = stops[-1]
            # where focus was must look different once it has moved on: the ring was visible
            assert _region(page, previous) != previous["picture"], previous
        stop["picture"] = _region(page, stop)
        stops.append(stop)
        reached.add(f"{stop['tag']} {stop['target']}")
    assert reached == controls
    assert stops[0]["target"] == "#main"
    links = [stop for stop in stops if stop["tag"] == "A"]
    assert all(s["outline"] != "none" and s["outlineWidth"] >= 2 for s in links)


def test_skip_link_takes_keyboard_focus_to_the_text(page, server):
    page.goto(f"{server}/en/fatigue/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("url", kinds(["en", "de", "ar"]))
def test_controls_are_at_least_44_px(page, server, url):
    page.goto(server + url)
    boxes = page.eval_on_selector_all(
        "nav a, .links a, .refs a, audio, summary, .crumbs [aria-current]",
        "elements => elements.filter(e => !e.closest('details:not([open]) > :not(summary)'))"
        ".map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().width,"
        " e.getBoundingClientRect().height])")
    small = [box for box in boxes if box[1] < MIN_TARGET or box[2] < MIN_TARGET]
    assert boxes and small == []


def test_forced_colors_keep_controls_outlined_and_focus_visible(page, server):
    page.emulate_media(forced_colors="active")
    page.goto(f"{server}/en/fatigue/2/")
    borders = page.eval_on_selector_all(
        ".moves a", "elements => elements.map(e => getComputedStyle(e).borderTopStyle)")
    assert borders and set(borders) == {"solid"}
    page.keyboard.press("Tab")
    stop = _focused(page)
    assert stop["outline"] != "none" and stop["outlineWidth"] >= 2


def test_no_page_asks_any_other_host_for_anything(page, server):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    for url in kinds(["en", "ar"]):
        page.goto(server + url)
    assert asked and all(address.startswith(server + "/") for address in asked)


@pytest.mark.parametrize("lang, mirrored", [("ar", True), ("en", False)])
def test_arabic_pages_read_and_lay_out_right_to_left(page, server, lang, mirrored):
    page.goto(f"{server}/{lang}/fatigue/2/")
    assert page.evaluate("() => getComputedStyle(document.body).direction") == (
        "rtl" if mirrored else "ltr")
    previous = page.locator("a[rel=prev]").bounding_box()
    following = page.locator("a[rel=next]").bounding_box()
    # the gaps between the heading's box and its text, on the left and on the right
    left_gap, right_gap = page.evaluate("""() => {
        const h1 = document.querySelector('h1'), range = document.createRange();
        range.selectNodeContents(h1);
        const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
        return [text.left - box.left, box.right - text.right];
    }""")
    # mirrored: "previous" comes first, on the right, and text starts at the right edge
    assert (previous["x"] > following["x"]) == mirrored
    assert (right_gap < left_gap) == mirrored


@pytest.mark.parametrize("start, link, lang", [
    ("/en/fatigue/", AUTONYMS["es"], "es"), ("/es/fatigue/2/", AUTONYMS["ar"], "ar"),
    ("/ar/", AUTONYMS["de"], "de"), ("/de/sources/", AUTONYMS["en"], "en"),
])
def test_switching_language_by_link_keeps_the_place(page, server, start, link, lang):
    page.goto(server + start)
    page.get_by_role("link", name=link, exact=True).click()
    assert page.url == server + start.replace(start.split("/")[1], lang, 1)
    assert page.evaluate("() => document.documentElement.lang") == lang


def test_the_question_form_sends_its_question_and_shows_the_answers(page, server):
    """In the browser itself, with the security headers on: a policy that forbids the form's
    action would block it without a word."""
    page.goto(f"{server}/de/fatigue/")
    page.get_by_role("searchbox").fill("ich habe einen Herzschrittmacher")
    page.get_by_role("button", name="Fragen").click()
    page.wait_for_url("**/de/ask/?q=*")
    assert page.locator("h1").inner_text() == "Antworten"
    assert page.locator("ol.answers a").first.get_attribute("href") == "/de/who-should-avoid/4/"
