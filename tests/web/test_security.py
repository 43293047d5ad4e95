"""Safe by default: security headers everywhere, no cookies, nothing from other hosts, no
script or inline style, and no 5xx for any path, query string or Accept-Language header."""

from __future__ import annotations

import string
from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import page_urls, soup
from voiceinfo.i18n import LOCALES

#: One of each kind of response: page, part, redirect, negotiation, API, description, CSS, 404.
SAMPLES = ["/en/", "/ar/fatigue/2/", "/en/fatigue", "/", "/api/v1/en/tree", "/api/openapi.json",
           "/static/style.css", "/en/nowhere/", "/api/v1/en/topics/nowhere"]


@pytest.mark.parametrize("url", SAMPLES)
def test_every_response_carries_the_security_headers(client, url):
    headers = client.get(url).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "microphone=()" in headers["Permissions-Policy"]
    assert "Set-Cookie" not in headers


@pytest.mark.sweep
def test_pages_have_no_script_no_inline_style_and_load_nothing_from_elsewhere(client, guide):
    for url in [*page_urls(guide, ["en", "ar"]), "/en/nowhere/"]:
        html = soup(client.get(url))
        assert not html.find_all(["script", "style", "iframe", "object", "embed", "img"]), url
        assert not html.find_all(style=True), url
        assert not [tag for tag in html.find_all(True) if any(
            name.startswith("on") for name in tag.attrs)], url
        loaded = [tag.get("src") or tag.get("href") for tag in html.find_all(["audio", "link"])]
        assert all(address.startswith("/") and not address.startswith("//")
                   for address in loaded), url


def test_only_doi_links_lead_to_another_host(client, guide):
    html = soup(client.get("/en/sources/"))
    elsewhere = {a["href"] for a in html.find_all("a") if not a["href"].startswith(("/", "#"))}
    assert elsewhere == {r.doi_url for r in guide.tree.references.values() if r.doi_url}


@pytest.mark.parametrize("url", [
    "/static/../voiceinfo/web/__init__.py",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2fpyproject.toml",
    "/static//etc/passwd",
    "/audio/en/segments/%2e%2e%2f%2e%2e%2fpyproject.toml.opus",
    "/audio/en/topics/..%2F..%2F..%2Fetc%2Fpasswd.opus",
    "/en/..%2f..%2fcontent/",
    "/en/%00/",
    "/en/fatigue%00/",
    "/api/v1/en/topics/..%2f..%2fsecret",
])
def test_no_path_from_a_url_reaches_the_file_system(client, url):
    response = client.get(url)
    assert response.status_code in (404, 400, 308)
    assert b"[project]" not in response.data and b"root:" not in response.data


@pytest.mark.parametrize("url", ["/en/", "/api/v1/en/tree", "/audio/en/topics/home.opus"])
def test_a_request_body_is_never_taken(client, url):
    response = client.post(url, data=b"x" * 100_000)
    assert response.status_code == 405


# -- fuzzing ----------------------------------------------------------------------------------

segment = st.one_of(
    st.sampled_from([*LOCALES, "api", "v1", "audio", "static", "segments", "topics", "tree",
                     "fatigue", "home", "sources", "1", "0", "-1", "..", ".", "%2e%2e",
                     "style.css", "fatigue-1.opus", "openapi.json", ""]),
    st.text(min_size=1, max_size=20),
)
path = st.lists(segment, max_size=6).map(lambda parts: "/" + "/".join(parts)) | st.builds(
    lambda parts, slash: "/" + "/".join(parts) + slash,
    st.lists(segment, min_size=1, max_size=5), st.sampled_from(["", "/"]))
query = st.dictionaries(st.text(max_size=10), st.text(max_size=20), max_size=4)
header_text = st.text(alphabet=string.printable.replace("\r", "").replace("\n", "")
                      .replace("\x0b", "").replace("\x0c", ""), max_size=60)
accept_language = st.one_of(
    header_text,
    st.lists(st.tuples(st.sampled_from([*LOCALES, "en-US", "pt-BR", "ar-EG", "*", "x", "", "-"]),
                       st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=abc", ";q=-1", ";"])),
             max_size=5).map(lambda items: ", ".join(code + q for code, q in items)))

fuzz = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.mark.sweep
@fuzz
@given(path=path, query=query, language=accept_language)
def test_no_path_query_or_language_header_makes_a_server_error(client, path, query, language):
    url = quote(path, safe="/%")
    # set as the server would: the test client would read a leading "//" as a host name
    path_info = unquote_to_bytes(url).decode("latin-1")
    for method in (client.get, client.head):
        response = method("/", query_string=query, headers={"Accept-Language": language},
                          environ_overrides={"PATH_INFO": path_info, "RAW_URI": url})
        assert response.status_code < 500, (url, query, language)
        assert "Set-Cookie" not in response.headers


@pytest.mark.sweep
@fuzz
@given(language=accept_language)
def test_any_accept_language_leads_to_a_language_we_have(client, language):
    response = client.get("/", headers={"Accept-Language": language})
    assert response.status_code == 302
    assert response.headers["Location"].strip("/") in LOCALES


def test_an_unexpected_fault_is_a_plain_500_page_without_a_traceback(guide, tmp_path):
    from voiceinfo.web import create_app
    app = create_app({"GUIDE": guide, "AUDIO_DIR": str(tmp_path)})

    @app.get("/de/broken/")
    def broken():
        raise ZeroDivisionError("a bug")

    response = app.test_client().get("/de/broken/")
    assert response.status_code == 500
    assert soup(response).html["lang"] == "de"
    assert b"Traceback" not in response.data and b"ZeroDivisionError" not in response.data
    assert response.headers["X-Content-Type-Options"] == "nosniff"
