"""Every page and every API answer carries the security headers (rehab.web.headers): a Content
Security Policy with no inline script or style and no framing, nosniff, a Referrer-Policy, and
no-store, since pages and API answers hold patient data. Each page is asked by someone allowed to
use it, with Carol's records, so the headers are checked on the answers that hold her data."""

import re
from pathlib import Path

import pytest
from test_page_access import ALLOWED, carols  # noqa: F401 - the fixture of Carol's record ids


TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "rehab" / "web" / "templates"
ASKER = ["bob", "carol", "alice", "dave", "erin"]  # the first allowed asks


def assert_secure_headers(response, kept: bool = False) -> None:
    policy = response.headers.get("content-security-policy", "")
    directives = dict((d.split(" ", 1) + [""])[:2] for d in (p.strip() for p in policy.split(";")) if d)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    assert directives.get("frame-ancestors") == "'none'", policy
    assert directives.get("script-src") == "'self'" and directives.get("style-src") == "'self'", policy
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy") in ("no-referrer", "same-origin", "strict-origin")
    if not kept:
        assert response.headers.get("cache-control") == "no-store", response.headers.get("cache-control")


@pytest.mark.parametrize(("method", "path"), sorted(ALLOWED))
def test_every_page_sends_the_security_headers(browse, carols, method, path):  # noqa: F811
    person = next(name for name in ASKER if name in ALLOWED[(method, path)])
    client = browse(person)
    response = client.request(method, path.format(**carols), data={"csrf": client.csrf} if method == "POST" else None)
    assert response.status_code < 500, response.text[:300]
    assert_secure_headers(response)


def test_the_login_page_and_refusals_send_them_too(browse, carols):  # noqa: F811
    assert_secure_headers(browse(None).get("/login"))
    assert_secure_headers(browse("erin").get(f"/clinic/patients/{carols['patient_id']}"))  # 404 page


def test_every_api_answer_sends_them(browse, carols, app):  # noqa: F811
    bob = browse("bob")
    for path, operations in app.openapi()["paths"].items():
        for method in operations:
            response = bob.request(method.upper(), path.format(**{"alert_id": carols["goal_id"], **carols}, version=1, item_id="carrying"))
            assert_secure_headers(response)


def test_static_files_may_be_kept_but_not_sniffed(browse):
    response = browse(None).get("/static/rehab.css")
    assert response.status_code == 200
    assert_secure_headers(response, kept=True)
    assert "no-store" not in response.headers.get("cache-control", "")


def test_no_template_has_inline_script_or_style():
    """The policy forbids them, so one would silently not run: our script and stylesheet are files."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    found = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}" for path in TEMPLATES.rglob("*.html")
             for match in inline.finditer(path.read_text())]
    assert found == []



def test_an_unexpected_error_sends_them_too(app, browse):
    """Starlette answers an unexpected error outside every middleware: the handler sets them."""

    def broken() -> None:
        raise RuntimeError("a fault the test makes")

    app.add_api_route("/broken-page", broken, include_in_schema=False)
    app.add_api_route("/api/v1/broken", broken)
    for address in ("/broken-page", "/api/v1/broken"):
        response = browse(None).get(address)
        assert response.status_code == 500
        assert_secure_headers(response)
