"""The pages people use: a clinician's caseload and a patient's daily companion.

Server-rendered with Jinja2; every form works without JavaScript (post, then redirect to the page
that shows the result), and the small script in ``static/rehab.js`` only makes it nicer. Pages
call the same services as the API, so authorization and the audit log are the same code path.
"""

from __future__ import annotations

from rehab.web.pages import admin, assess, auth, clinic, experiments, exposure, me, plan, replanning, review

# Each part is one router of its own (no nesting), so tests can list every page route; the app
# takes their routes as they are (rehab.web.app.create_app).
PARTS = (auth.router, admin.router, clinic.router, me.router,
         assess.router, plan.router,  # the clinician's intake, assessment and planning pages
         replanning.router,  # after a goal changed: the planner's proposal, reviewed and accepted
         exposure.router, experiments.router,  # graded exposure: the clinician's hierarchy, the patient's experiments
         review.router)  # the program review after a stall
