"""The API's contract, checked by schemathesis from the OpenAPI document: generated requests to every route, with
an admin key (everything allowed) and a widget key (nearly everything 403). No response may be a server error, and
every response must be documented, in its documented shape and content type."""

from __future__ import annotations

import schemathesis
from handoff.api.app import create_app
from handoff.retrieval.settings import Settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

# positive_data_acceptance would call a rejected "0@0" email a failure; negative_data_rejection would call pydantic's
# reading of "0.5" as a timestamp one. Neither is a server error or a schema violation, which is what is checked.
CHECKED = {"not_a_server_error", "status_code_conformance", "content_type_conformance",
           "response_schema_conformance", "response_headers_conformance", "ignored_auth"}
EXAMPLES = 25
CLIENT_TIMEOUT = 60  # seconds; well past the app's brief limit below


def _app():
    import tempfile
    from pathlib import Path

    # Generated bodies can be large (hundreds of long messages): brief work past a few seconds must come back as the
    # documented 503, and the client waits long enough to see that answer instead of giving up first (a CI run on
    # 2026-12-02 saw schemathesis's 10 s default expire on such a body before the server's 30 s brief limit).
    app = create_app(Settings(data_dir=Path(tempfile.mkdtemp(prefix="handoff-contract-")), rate_limit=None,
                              brief_timeout=5))
    keys = app.state.backends.keys
    return app, {"admin": keys.create("contract", "admin")[1], "widget": keys.create("contract", "widget")[1]}


APP, KEYS = _app()
# The event stream stays open for minutes by design (the browser test drives it); everything else is generated.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(path_regex=r"/events$")
checks = [c for c in CHECKS.get_all() if c.__name__ in CHECKED]
others = [c for c in CHECKS.get_all() if c.__name__ not in CHECKED]


@schema.parametrize()
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
def test_every_route_answers_within_its_documented_contract_for_an_admin(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEYS['admin']}"}, checks=checks,
                           excluded_checks=others, timeout=CLIENT_TIMEOUT)


@schema.parametrize()
@settings(max_examples=5, suppress_health_check=list(HealthCheck), deadline=None)
def test_every_route_answers_within_its_documented_contract_for_a_widget(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEYS['widget']}"}, checks=checks,
                           excluded_checks=others, timeout=CLIENT_TIMEOUT)
