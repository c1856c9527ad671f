"""The application: the API under /api/v1, built for one database."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from rehab import __version__
from rehab.settings import Settings
from rehab.store.database import make_engine, session_factory
from rehab.store.unit_of_work import utc_now
from rehab.web import errors
from rehab.web.api import accounts, logs, oversight, patients, programs
from rehab.web.worker import CheckInWorker

API = "/api/v1"


def create_app(settings: Settings, sessions: sessionmaker[Session] | None = None,
               clock: Callable[[], datetime] = utc_now, check_in_worker: bool = True) -> FastAPI:
    """The app for one database. ``check_in_worker`` runs diary check-ins in a background thread
    (tests that share one connection run them themselves)."""
    sessions = sessions or session_factory(make_engine(settings.database_url))

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        worker = CheckInWorker(sessions, clock, settings.checkin_delay_seconds) if check_in_worker else None
        if worker:
            worker.start()
        yield
        if worker:
            worker.stop()

    # No interactive docs page: FastAPI's loads its scripts from a CDN, and a clinic network may be
    # offline. The OpenAPI description is served as JSON.
    app = FastAPI(title="rehab", version=__version__, openapi_url=f"{API}/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=lifespan,
                  description="Progressive rehabilitation for chronic musculoskeletal pain: records, check-ins, decisions.")
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.clock = clock
    for router in (accounts.router, patients.router, programs.router, logs.router, oversight.router):
        app.include_router(router, prefix=API)
    errors.install(app)

    @app.get("/", include_in_schema=False)
    def index() -> dict[str, str]:
        return {"name": "rehab", "version": __version__, "api": API, "openapi": f"{API}/openapi.json"}

    return app
