"""What a client sends is not believed blindly: no NUL characters in any text, forwarding headers
only from a named proxy, and a device cookie that keeps a person's logins apart from strangers'."""

from __future__ import annotations

import uuid

import pytest
from clinic_cast import PASSWORD, TODAY, as_
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

import rehab.contracts.adjust
import rehab.contracts.exposure
import rehab.contracts.planning
import rehab.contracts.records  # noqa: F401 - every contract module, so every contract is below
from rehab.contracts.wire import Wire
from rehab.settings import SettingsError, load_settings
from rehab.store import tables
from rehab.web.app import create_app
from rehab.web.deps import DEVICE_COOKIE


def contracts(base=Wire):
    for model in base.__subclasses__():
        yield model
        yield from contracts(model)


def text_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.annotation is str
            or "str" in repr(field.annotation) and "Literal" not in repr(field.annotation)]


@pytest.mark.parametrize("model", sorted({m for m in contracts() if text_fields(m)}, key=lambda m: m.__name__),
                         ids=lambda m: m.__name__)
def test_every_contract_refuses_a_nul_character_in_its_text_naming_the_field(model):
    for name in text_fields(model):
        with pytest.raises(ValidationError) as refused:
            model.model_validate({name: "a\u0000b"})
        assert refused.value.errors()[0]["msg"].endswith(f"{name}: must not contain the NUL character (\\u0000)")


def test_every_request_body_is_a_contract_that_checks_its_text(client):
    """Outputs (``WireOut``) skip the check for speed; no route may take one as its body."""
    checked = {model.__name__ for model in contracts()}
    bodies = {content["schema"]["$ref"].rsplit("/", 1)[-1].rsplit("__", 1)[-1]
              for operations in client.get("/api/v1/openapi.json").json()["paths"].values()
              for operation in operations.values() if "requestBody" in operation
              for content in operation["requestBody"]["content"].values()}
    assert bodies and bodies <= checked, bodies - checked


def test_a_nul_character_deep_in_a_body_is_named_by_its_path(client, tokens, cast):
    response = client.post(f"/api/v1/patients/{cast.carol.patient_id}/program", headers=as_(tokens, "bob"), json={
        "reason": "new program", "prescriptions": [
            {"activity_id": "walking", "name": "Walk\u0000ing", "strategy": "time_contingent",
             "dose": {"duration_s": 600}, "sessions_per_week": 3}]})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "prescriptions[0].name"


def test_a_nul_character_in_a_page_form_is_refused_naming_the_field(client):
    response = client.post("/login", data={"email": "carol\u0000@riverside.test", "password": PASSWORD})
    assert response.status_code == 422 and "email: must not contain the nul character" in response.text.lower()


def _login_address(client, cast, headers=None) -> str:
    response = client.post("/api/v1/auth/login", json={"email": "bob@riverside.test", "password": PASSWORD},
                           headers=headers or {})
    assert response.status_code == 200, response.text
    with cast.sessions() as db:
        return db.scalars(select(tables.AuditEntry.address).where(tables.AuditEntry.action == "login")
                          .order_by(tables.AuditEntry.id.desc())).first()


def test_only_a_named_proxy_may_say_who_the_client_is(cast, database):
    settings = load_settings({"REHAB_DATABASE_URL": database.url, "REHAB_TRUSTED_PROXIES": "10.1.0.0/24"})
    app = create_app(settings, sessions=cast.sessions, clock=cast.clock)
    forwarded = {"X-Forwarded-For": "203.0.113.9"}
    with TestClient(app, client=("10.1.0.5", 40000)) as through_the_proxy:
        assert _login_address(through_the_proxy, cast, forwarded) == "203.0.113.9"
    with TestClient(app, client=("10.2.0.5", 40000)) as around_the_proxy:
        assert _login_address(around_the_proxy, cast, forwarded) == "10.2.0.5"
    plain = create_app(load_settings({"REHAB_DATABASE_URL": database.url}), sessions=cast.sessions, clock=cast.clock)
    with TestClient(plain, client=("127.0.0.1", 40000)) as local:
        assert _login_address(local, cast, forwarded) == "127.0.0.1"


def test_trusted_proxies_must_be_addresses():
    assert load_settings({}).trusted_proxies == ()
    with pytest.raises(SettingsError, match="REHAB_TRUSTED_PROXIES"):
        load_settings({"REHAB_TRUSTED_PROXIES": "the proxy"})


def test_a_login_gives_the_device_a_cookie_that_lets_it_in_while_strangers_wait(client, cast):
    carol = {"email": "carol@riverside.test", "password": PASSWORD}
    response = client.post("/api/v1/auth/login", json=carol)
    device = response.cookies[DEVICE_COOKIE]
    assert "httponly" in response.headers.get_list("set-cookie")[-1].lower()
    client.cookies.clear()
    for _ in range(5):  # a stranger on the same address
        assert client.post("/api/v1/auth/login", json={**carol, "password": "a guess"}).status_code == 401
    refused = client.post("/api/v1/auth/login", json=carol)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) == 60
    client.cookies.set(DEVICE_COOKIE, device)
    assert client.post("/api/v1/auth/login", json=carol).status_code == 200


assert TODAY and uuid  # the cast's day


def test_an_overlong_email_on_the_login_page_is_refused_naming_the_field(client):
    response = client.post("/login", data={"email": "a" * 300 + "@riverside.test", "password": PASSWORD})
    assert response.status_code == 422 and "email: at most 254 characters" in response.text.lower()
