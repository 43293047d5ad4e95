"""Safe by default: security headers on every response, and errors as short, localised,
accessible pages (or JSON under /api/) instead of tracebacks.

The policy allows nothing from another host and no inline script or style, so a page can never
make a request that leaves this server; the pages need no script at all.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request
from flask_babel import refresh
from werkzeug.exceptions import HTTPException, InternalServerError

from voiceinfo.i18n import LOCALES
from voiceinfo.web.pages import negotiated_lang
from voiceinfo.web.state import current_site
from voiceinfo.web.views import error_page

bp = Blueprint("errors", __name__)

SECURITY_HEADERS = {
    # form-action 'self': the question form on every page sends its question here, and nowhere
    # else ('none' blocked it in the browser without a word, which only Orca's test heard)
    "Content-Security-Policy": (
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
        "object-src 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@bp.after_app_request
def add_security_headers(response: Response) -> Response:
    # a plain list extended once: Werkzeug's header-by-header update costs more than the page
    response.headers.extend(SECURITY_HEADERS.items())
    return response


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    return error_response(error.code or 500, error)


@bp.app_errorhandler(InternalServerError)
def server_error(error: InternalServerError) -> Response:
    current_app.logger.error("error on %s", request.path, exc_info=error.original_exception)
    return error_response(500, error)


def error_response(status: int, error: HTTPException) -> Response:
    lang = url_lang()
    if request.path.startswith("/api/"):
        response = jsonify(error={"status": status, "message": error.name})
    else:
        g.lang = lang or negotiated_lang()
        refresh()  # Flask-Babel may have chosen a locale before the error
        response = current_app.make_response(render_template(
            "error.html", page=error_page(current_site(), g.lang, status)))
        if lang is None:
            response.vary.add("Accept-Language")
    response.status_code = status
    # a 405 must say what is allowed; other headers of the error (none) are kept as they are
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def url_lang() -> str | None:
    """The language the URL names, matched or not."""
    lang = (request.view_args or {}).get("lang")
    if lang in LOCALES:
        return lang
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in LOCALES else None
