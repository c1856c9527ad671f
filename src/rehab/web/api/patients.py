"""Patients, their context, the caseload, screenings and assessments."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Request, Response, status

from rehab.contracts.paging import Page
from rehab.contracts.records import (
    AssessmentIn,
    AssessmentOut,
    BaselineAnchorOut,
    BaselineOut,
    CaseloadRow,
    PatientIn,
    PatientOut,
    ProfileIn,
    ProfileOut,
    RebaselineIn,
    RedFlagScreeningIn,
    ReferralFollowUpIn,
    ReferralStepOut,
    ScreeningOut,
)
from rehab.services import assessments, baselines, patients, referrals
from rehab.services.errors import NotFound
from rehab.web.api import API
from rehab.web.api.responses import DocumentedRoute, refusals
from rehab.web.deps import CHECKED, CurrentActor, PageAsked, Token, UoW, one_page

router = APIRouter(prefix=API, tags=["patients"], route_class=DocumentedRoute, dependencies=CHECKED)


@router.get("/caseload")
def caseload(request: Request, uow: UoW, actor: CurrentActor, status: Literal["active", "maintenance"] | None = None,
             whole_clinic: bool = False) -> list[CaseloadRow]:
    """The clinician's patients, most pressing first, each with the reason in words."""
    return patients.caseload(uow, actor, request.app.state.clock().date(), status, mine_only=not whole_clinic)


@router.post("/patients", status_code=status.HTTP_201_CREATED, responses=refusals(409))
def enrol(uow: UoW, actor: CurrentActor, new: PatientIn) -> PatientOut:
    return patients.enrol_patient(uow, actor, new)


@router.get("/patients/{patient_id}")
def get_patient(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> PatientOut:
    return patients.get_patient(uow, actor, patient_id)


@router.get("/patients/{patient_id}/profile")
def get_profile(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> ProfileOut:
    profile = patients.get_profile(uow, actor, patient_id)
    if profile is None:
        raise NotFound("no profile recorded yet")
    return profile


@router.put("/patients/{patient_id}/profile")
def set_profile(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, profile: ProfileIn) -> ProfileOut:
    return patients.set_profile(uow, actor, patient_id, profile)


@router.post("/patients/{patient_id}/screenings/red-flags", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": ScreeningOut, "description": "A retry with the same id: the stored screening; nothing new."},
                        **refusals(409)})
def red_flags(response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
              screening: RedFlagScreeningIn) -> ScreeningOut:
    """Red-flag answers (the spinal red flags, and the heart signs of a person with heart disease); the
    result says at once how urgently to seek care, and the clinic is alerted. With an ``id``, a retry
    with the same answers returns the stored screening (200) and alerts nobody again; the same id
    with other answers is refused (409) and nothing is stored."""
    out, _, replayed = patients.screen_once(uow, actor, patient_id, screening)
    if replayed:
        response.status_code = status.HTTP_200_OK
    return out


@router.post("/patients/{patient_id}/screenings/psychosocial", status_code=status.HTTP_201_CREATED)
def psychosocial(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> ScreeningOut:
    """The psychosocial profile from the latest questionnaires, with what it suggests."""
    return assessments.record_psychosocial(uow, actor, patient_id)


@router.get("/patients/{patient_id}/screenings", response_model=Page[ScreeningOut])
async def screenings(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked) -> Response:
    """Red-flag, psychosocial and checkpoint screenings, newest first, a page at a time."""
    return await one_page(request, uow, token, lambda actor: patients.screening_page(uow, actor, patient_id, page))


@router.post("/patients/{patient_id}/assessments", status_code=status.HTTP_201_CREATED)
def assess(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, given: AssessmentIn) -> AssessmentOut:
    """A questionnaire or performance test, scored on save with the change since last time."""
    return assessments.record_assessment(uow, actor, patient_id, given)


@router.get("/patients/{patient_id}/assessments", response_model=Page[AssessmentOut])
async def list_assessments(request: Request, uow: UoW, token: Token, patient_id: uuid.UUID, page: PageAsked,
                           instrument: str | None = None) -> Response:
    """Scored measures, newest first, a page at a time."""
    return await one_page(request, uow, token,
                          lambda actor: assessments.assessment_page(uow, actor, patient_id, page, instrument))


@router.get("/patients/{patient_id}/referral-steps")
def referral_steps(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> list[ReferralStepOut]:
    """Referral steps the psychosocial screens called for (a same-day risk assessment, the GP, a
    psychologist, a pain-management programme), each with its reason, scores and follow-ups; open
    ones first. Clinicians of the patient's clinic only."""
    return referrals.list_steps(uow, actor, patient_id)


@router.post("/patients/{patient_id}/referral-steps/{step_id}/follow-up")
def follow_up_referral(uow: UoW, actor: CurrentActor, patient_id: uuid.UUID, step_id: uuid.UUID,
                       given: ReferralFollowUpIn) -> ReferralStepOut:
    """Whether the referral was taken up (at a review or reassessment), or that the same-day risk
    assessment was done (which resumes automated advice). ``not_yet`` keeps it open; every answer
    is kept and audited."""
    return referrals.follow_up(uow, actor, patient_id, step_id, given)


@router.post("/patients/{patient_id}/baseline", status_code=status.HTTP_201_CREATED,
             responses={200: {"model": BaselineAnchorOut, "description": "The same re-baseline sent again the same day: the stored one."}})
def rebaseline(request: Request, response: Response, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID,
               given: RebaselineIn) -> BaselineAnchorOut:
    """Re-baseline (clinical reference §7.2 step 5): the patient's usual pain is judged against these
    diary days from the next check-in on. Clinicians of the patient's clinic only. Sending the same
    window and reason again the same day returns the stored re-baseline (200) and adds nothing."""
    out, replayed = baselines.rebaseline(uow, actor, patient_id, given, request.app.state.clock().date())
    if replayed:
        response.status_code = status.HTTP_200_OK
    return out


@router.get("/patients/{patient_id}/baseline")
def get_baseline(request: Request, uow: UoW, actor: CurrentActor, patient_id: uuid.UUID) -> BaselineOut:
    """The baseline the engine judges usual pain by today (anchored, provisional or still
    collecting; dates, mean, noise band) and every re-baseline, newest first."""
    return baselines.baseline(uow, actor, patient_id, request.app.state.clock().date())
