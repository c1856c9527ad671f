"""Rendering a page: the templates, the person's CSRF token, and form problems in plain words."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from rehab import __version__
from rehab.contracts.checkin import DoseIn
from rehab.contracts.errors import problem
from rehab.core.engine.messages import counted, describe_dose
from rehab.services.access import Actor
from rehab.web.deps import SESSION_COOKIE

WEB = Path(__file__).resolve().parent.parent
templates = Jinja2Templates(directory=WEB / "templates")
templates.env.globals["version"] = __version__
# "{{ n|counted('minute', 'minutes') }}": 1 minute, 5 minutes (a number in a sentence, on any page).
templates.env.filters["counted"] = counted
# The clinician's pages for one patient, as every one of them lists them: (address under the
# patient's, the tab's name). Each page's title starts with its tab's name, so the tabs and the
# pages they open agree.
PATIENT_TABS = (("", "Overview"), ("/intake", "Intake and context"), ("/screenings/red-flags", "Red flags"),
                ("/assessments", "Assessments"), ("/screenings/psychosocial", "Psychosocial profile"),
                ("/goals", "Goals"), ("/program", "Program"), ("/flare-plan", "Flare plan"),
                ("/exposure", "Fear hierarchy"), ("/reassessment", "Reassessment"), ("/discharge", "Discharge"))
templates.env.globals["patient_tabs"] = PATIENT_TABS


def csrf_token(session_token: str) -> str:
    """A form token bound to the login: a page from another site cannot know it, so it cannot post
    a form in the person's name (the session cookie is also SameSite=Lax)."""
    return hmac.new(session_token.encode(), b"rehab form", hashlib.sha256).hexdigest()[:32]


def today(request: Request) -> date:
    """Today by the app's clock (tests and the demo set it)."""
    return request.app.state.clock().date()


def page(request: Request, template: str, actor: Actor | None = None, *, status_code: int = 200,
         **context: Any) -> HTMLResponse:
    """Render ``template`` for ``actor``; the layout gets who is logged in and their form token."""
    session = request.cookies.get(SESSION_COOKIE)
    context.update(request=request, actor=actor, csrf=csrf_token(session) if session else "",
                   notice=request.query_params.get("notice"))
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    """After a form is saved, go to the page that shows the result (a reload does not post again)."""
    return RedirectResponse(url, status_code=303)


def form_problems(error: ValidationError, prefix: str = "") -> dict[str, str]:
    """Each problem in plain words, keyed by the form field it belongs to (first problem wins)."""
    out: dict[str, str] = {}
    for item in error.errors():
        field, message = problem(item, skip=("body", "query", "path"))
        name = f"{prefix}{field}" if field else "form"
        out.setdefault(name, message)
    return out


def dose_in_words(dose: dict | None, none: str = "no exercise for now", level: bool = True) -> str:
    """A stored dose in the engine's own words ('2 sets of 10, 8 kg', '20 minutes'), the same on
    every page; ``none`` when exercise is stopped (a referral). ``level=False`` for a patient's
    pages, which say the exercise's version in words instead of "level 2"."""
    return describe_dose(DoseIn.model_validate(dose).to_core(), level=level) if dose else none
