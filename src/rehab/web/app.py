"""The application: the API under /api/v1 and the pages, built for one database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from rehab import __version__
from rehab.settings import Settings
from rehab.store.database import make_engine, session_factory
from rehab.store.unit_of_work import utc_now
from rehab.web import errors, pages
from rehab.web.headers import SecurityHeaders
from rehab.web.api import (
    API,
    accounts,
    exposure,
    logs,
    oversight,
    patients,
    program_reviews,
    programs,
    replanning,
    self_care,
)
from rehab.web.deps import refuse_nul_characters

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, sessions: sessionmaker[Session] | None = None,
               clock: Callable[[], datetime] = utc_now) -> FastAPI:
    """The app for one database. Diary check-ins are run by the check-in worker, a process of its
    own (``rehab worker``; ``rehab serve`` starts one)."""
    sessions = sessions or session_factory(make_engine(settings.database_url))

    # No interactive docs page: FastAPI's loads its scripts from a CDN, and a clinic network may be
    # offline. The OpenAPI description is served as JSON.
    app = FastAPI(title="rehab", version=__version__, openapi_url=f"{API}/openapi.json", docs_url=None,
                  redoc_url=None,
                  description="Progressive rehabilitation for chronic musculoskeletal pain: records, check-ins, decisions.")
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.clock = clock
    # The routers' routes are put on the app as they were built, not included: this FastAPI builds
    # every included route a second time (its dependencies, its models' validators), which was a
    # sixth of the start-up, and walks the included routers on every request to see whether they
    # changed. Each router carries its own prefix and the NUL guard every route needs (deps.CHECKED).
    for router in (accounts.router, patients.router, programs.router, logs.router, exposure.router, oversight.router,
                   self_care.router, replanning.router, program_reviews.router, *pages.PARTS):
        if refuse_nul_characters not in [given.dependency for given in router.dependencies]:
            raise RuntimeError(f"a router without the NUL guard: {router.prefix or '/'} (give it deps.CHECKED)")
        app.router.routes.extend(router.routes)
    # Our own stylesheet and script, from the installed package: no CDN, works offline.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    if settings.trusted_proxies:
        # Only a proxy named in REHAB_TRUSTED_PROXIES may say who the client is (X-Forwarded-For)
        # and whether it came over HTTPS (X-Forwarded-Proto); anyone else's headers are ignored,
        # so a client cannot choose the address the audit log and the login throttle see.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    return app


SERVE_PARENT = "REHAB_SERVE_PARENT"


def app_from_environment() -> FastAPI:
    """The app as each web process of ``rehab serve --workers N`` builds it: settings from the
    environment, as the parent read them. It starts no check-in worker (the parent runs one)."""
    import os

    from rehab.settings import load_settings

    parent = os.environ.get(SERVE_PARENT)
    if parent is not None:
        _stop_when_orphaned(int(parent))
    return create_app(load_settings())


def _stop_when_orphaned(parent: int) -> None:
    """A web process ends when ``rehab serve`` is gone, however it ended (even ``kill -9``): no
    orphan keeps the port and serves on with nobody to stop it. It stops as on SIGTERM (gracefully)."""
    import os
    import signal
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()
