"""Logging in and out through the pages, and where each person lands."""

from clinic_cast import EMAILS, PASSWORD


def test_each_person_lands_on_their_own_home(browse):
    assert browse("bob").get("/").headers["location"] == "/clinic"
    assert browse("carol").get("/").headers["location"] == "/me"
    assert browse("alice").get("/").headers["location"] == "/admin"


def test_nobody_logged_in_is_sent_to_the_login_page_and_back_after(browse):
    nobody = browse(None)
    response = nobody.get("/clinic?status=active")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/clinic?status=active"
    back = nobody.post("/login", data={"email": EMAILS["bob"], "password": PASSWORD, "next": "/clinic?status=active"})
    assert back.headers["location"] == "/clinic?status=active"


def test_login_never_redirects_off_site(browse):
    response = browse(None).post("/login", data={"email": EMAILS["bob"], "password": PASSWORD,
                                                 "next": "//evil.example/steal"})
    assert response.headers["location"] == "/clinic"


def test_a_wrong_password_is_said_in_words_and_the_email_is_kept(browse):
    response = browse(None).post("/login", data={"email": EMAILS["bob"], "password": "wrong password"})
    assert response.status_code == 422
    assert "do not match" in response.text
    assert f'value="{EMAILS["bob"]}"' in response.text


def test_the_session_cookie_cannot_be_read_by_scripts(browse):
    response = browse(None).post("/login", data={"email": EMAILS["bob"], "password": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_logout_needs_the_form_token_and_then_ends_the_login(browse):
    bob = browse("bob")
    refused = bob.post("/logout", data={"csrf": "0" * 32})
    assert refused.status_code == 403
    assert bob.get("/clinic").status_code == 200
    assert bob.post("/logout", data={"csrf": bob.csrf}).status_code == 303
    bob.cookies.clear()
    assert bob.get("/clinic").status_code == 303


def test_an_unknown_page_is_a_page_in_words_and_the_api_stays_json(browse):
    page = browse("bob").get("/clinic/nowhere/at/all")
    assert page.status_code == 404 and "There is no page at this address" in page.text
    api = browse("bob").get("/api/v1/nowhere")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")
