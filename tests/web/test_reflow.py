"""WCAG 1.4.10 (Reflow) with 1.4.4 (Resize text): every kind of page, in every language (Arabic
right to left), fits a 320 CSS px wide window with nothing to scroll sideways, at the
browser's normal text size and with text at 200 %.

How text is made 200 %: the way a person does it, by doubling the browser's default font size
(Chromium's Settings > Appearance > Font size, which is what the DevTools protocol's
`Page.setFontSizes` sets; 16 px becomes 32 px). The page's own sizes are relative (its root is
125 %), so everything it draws doubles with it, just as for that person. Page zoom would not
test this: at 200 % zoom the window itself shrinks to 160 CSS px, which is a different check.
A 320 px window with 100 % text is WCAG's own case (1280 px at 400 % zoom).

Overflow is `document.documentElement.scrollWidth > window.innerWidth`; in a right-to-left
page, content that overflows to the left grows `scrollWidth` too. The message names the
elements that stick out, so a failure says what to fix.
"""

from __future__ import annotations

import pytest

from tests.web.conftest import kinds
from voiceinfo.i18n import LOCALES

pytestmark = pytest.mark.browser

WIDTH = 320
#: The browser's default font sizes in CSS px (Chromium's own: 16 and 13), and doubled.
NORMAL_TEXT = {"standard": 16, "fixed": 13}
DOUBLE_TEXT = {"standard": 32, "fixed": 26}

OVERFLOW = """() => {
    const width = window.innerWidth;
    const out = [...document.body.querySelectorAll('*')].filter(e => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
    }).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
               (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().width));
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
            fontSize: getComputedStyle(document.documentElement).fontSize, out: out};
}"""


@pytest.fixture
def narrow_page(context):
    """A page in a 320 CSS px wide window, and a way to set the browser's default font size."""
    page = context.new_page()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")

    def set_font_sizes(sizes: dict[str, int]) -> None:
        cdp.send("Page.setFontSizes", {"fontSizes": sizes})

    return page, set_font_sizes


@pytest.mark.parametrize("text, root_px", [(NORMAL_TEXT, 20), (DOUBLE_TEXT, 40)],
                         ids=["text-100", "text-200"])
@pytest.mark.parametrize("lang", LOCALES)
def test_every_kind_of_page_reflows_at_320_px(narrow_page, server, lang, text, root_px):
    page, set_font_sizes = narrow_page
    set_font_sizes(text)
    wide = {}
    for url in kinds([lang]):
        page.goto(server + url)
        found = page.evaluate(OVERFLOW)
        # the text really is the size this case is about (the page's 125 % of the default)
        assert found["fontSize"] == f"{root_px}px", url
        if found["scrollWidth"] > found["innerWidth"]:
            wide[url] = (found["scrollWidth"], found["out"])
    assert wide == {}
