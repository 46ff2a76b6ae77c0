"""The HTTP API through a real uvicorn server on 127.0.0.1, driven with httpx: auth, dealer scoping, bad input."""

from __future__ import annotations

import json
import threading
import time
from contextlib import ExitStack

import httpx
import pytest
import uvicorn
from conftest import SHARED_EXAMPLES, fresh_database, load
from handoff.api.app import create_app
from handoff.retrieval.settings import Settings


class LiveServer:
    def __init__(self, app) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module", params=["sqlite+embedded", "postgres+server"])
def live(request, tmp_path_factory):
    """A real server over each deployment: SQLite + embedded Chroma, and Postgres + a Chroma server."""
    with ExitStack() as stack:
        options = {}
        if request.param == "postgres+server":
            options = {"database_url": stack.enter_context(fresh_database(request.getfixturevalue("postgres_server"))),
                       "chroma_server": request.getfixturevalue("chroma_server")}
        app = create_app(Settings(data_dir=tmp_path_factory.mktemp("api"), max_body_bytes=200_000, **options))
        keys = {dealer: app.state.backends.keys.create(dealer)[1] for dealer in ("store-a", "store-b")}
        with LiveServer(app) as server:
            server.keys = keys
            yield server


def client(live, dealer: str | None = "store-a") -> httpx.Client:
    headers = {"Authorization": f"Bearer {live.keys[dealer]}"} if dealer else {}
    return httpx.Client(base_url=live.url, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def seeded(live):
    """Dealer A has Mike, a routed repair order and its opportunity; dealer B has its own customer."""
    case = load(SHARED_EXAMPLES / "mike-silverado.json")
    with client(live, "store-a") as a, client(live, "store-b") as b:
        ids = []
        for interaction in case["interactions"]:
            response = a.post("/v1/interactions", json={"customer": case["customer"], "interaction": interaction})
            assert response.status_code == 201, response.text
            ids.append(response.json()["customer_id"])
        assert len(set(ids)) == 1
        scored = a.post("/v1/repair-orders", json={
            "ro_number": "A-1", "phone": "512-555-0101", "year": 2020, "make": "Ford", "model": "F-150",
            "repair_estimate": 4800, "vehicle_value": 14500, "payoff": 9000}).json()
        other = b.post("/v1/interactions", json={"customer": {"phone": "512-555-0199"}, "interaction": {
            "channel": "sms", "started_at": "2026-03-02T14:05:00-06:00",
            "messages": [{"speaker": "customer", "text": "B's customer wants a Tacoma"}]}}).json()
    return {"customer": ids[0], "opportunity": scored["opportunity_id"], "other": other["customer_id"]}


def test_health_needs_no_key_and_readiness_checks_the_store(live):
    with client(live, None) as anonymous:
        assert anonymous.get("/healthz").json() == {"status": "ok"}
        assert anonymous.get("/readyz").json() == {"status": "ready"}


def test_brief_greeting_and_repair_order_for_the_keys_dealer(live, seeded):
    with client(live) as a:
        brief = a.get(f"/v1/customers/{seeded['customer']}/brief", params={"for": "fi"}).json()
        assert brief["audience"] == "fi" and brief["facts"]["payment_target"]["value"] == {"monthly": 500}
        by_phone = a.get("/v1/brief", params={"phone": "(512) 555-0101"}).json()
        assert by_phone["customer"]["id"] == seeded["customer"]
        greeting = a.get(f"/v1/customers/{seeded['customer']}/greeting", params={"channel": "call"}).json()
        assert "Mike" in greeting["text"] and "Silverado" in greeting["text"]
        moved = a.patch(f"/v1/opportunities/{seeded['opportunity']}", json={"status": "contacted"})
        assert moved.status_code == 200 and moved.json()["status"] == "contacted"
        assert a.get("/v1/funnel").json()["stages"]["contacted"] == 1
        backwards = a.patch(f"/v1/opportunities/{seeded['opportunity']}", json={"status": "surfaced"})
        assert backwards.status_code == 409


def test_the_history_route_gives_the_customers_messages_in_time_order(live, seeded):
    with client(live) as a, client(live, "store-b") as b:
        history = a.get(f"/v1/customers/{seeded['customer']}/messages")
        assert history.status_code == 200
        rows = history.json()
        assert len(rows) == 18 and {"id", "channel", "role", "speaker", "at", "text"} <= set(rows[0])
        assert [r["at"] for r in rows] == sorted(r["at"] for r in rows)
        page = a.get(f"/v1/customers/{seeded['customer']}/messages", params={"offset": 5, "limit": 3}).json()
        assert [r["id"] for r in page] == [r["id"] for r in rows[5:8]]
        assert b.get(f"/v1/customers/{seeded['customer']}/messages").status_code == 404
        assert a.get(f"/v1/customers/{seeded['customer']}/messages", params={"limit": 0}).status_code == 422


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer"}])
def test_missing_or_wrong_keys_get_401(live, headers):
    with httpx.Client(base_url=live.url, headers=headers) as anonymous:
        assert anonymous.get("/v1/funnel").status_code == 401
        assert anonymous.post("/v1/interactions", json={}).status_code == 401


def test_a_revoked_key_stops_working(live):
    keys = live.server.config.app.state.backends.keys
    key_id, key = keys.create("store-a")
    with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {key}"}) as c:
        assert c.get("/v1/funnel").status_code == 200
        keys.revoke(key_id)
        assert c.get("/v1/funnel").status_code == 401


def test_dealer_b_can_read_nothing_of_dealer_a(live, seeded):
    a_customer, a_opportunity = seeded["customer"], seeded["opportunity"]
    with client(live, "store-b") as b:
        attempts = [
            b.get(f"/v1/customers/{a_customer}/brief"),
            b.get(f"/v1/customers/{a_customer}/brief", params={"for": "service"}),
            b.get(f"/v1/customers/{a_customer}/greeting"),
            b.get("/v1/brief", params={"phone": "512-555-0101"}),
            b.get("/v1/brief", params={"email": "mike.alvarez@example.com"}),
            b.patch(f"/v1/opportunities/{a_opportunity}", json={"status": "lost"}),
            b.get(f"/v1/opportunities/{a_opportunity}"),
        ]
        assert [r.status_code for r in attempts] == [404] * len(attempts)
        assert "Silverado" not in json.dumps([r.text for r in attempts])
        assert b.get("/v1/funnel").json()["stages"]["contacted"] == 0
        nonexistent = b.get("/v1/customers/c_doesnotexist/brief")
        assert nonexistent.status_code == 404 and nonexistent.json() == attempts[0].json()
    with client(live, "store-a") as a:
        assert a.get(f"/v1/customers/{seeded['other']}/brief").status_code == 404
        assert a.get(f"/v1/opportunities/{a_opportunity}").json()["status"] != "lost"


UNIVERSALLY_BAD = 7  # the first bodies below are wrong for every route: broken JSON, not UTF-8, not an object...
ROUTES = [("post", "/v1/interactions"), ("post", "/v1/handoffs"), ("post", "/v1/repair-orders"),
          ("patch", "/v1/opportunities/opp_x")]
BAD_BODIES = [
    b"{not json", b"\xff\xfe\xfd", b"[]", b"null", b'"text"', b"{}", b'{"customer": 5, "interaction": []}',
    b'{"customer": {"phone": "512-555-0101"}, "interaction": {"channel": "fax"}}',
    b'{"customer": {}, "interaction": {"channel": "chat", "messages": []}}',
    b'{"customer": {"phone": "12"}, "messages": [{"speaker": "alien", "text": 1}]}',
    b'{"ro_number": ["x"], "year": "old"}', b'{"status": "won"}', b'{"status": null}',
    json.dumps({"customer": {"phone": "512-555-0101"}, "interaction": {"channel": "email", "raw": "no date"}}).encode(),
    json.dumps({"customer": {"email": "x" * 300}, "interaction": {}}).encode(),
]


@pytest.mark.parametrize("method, path", ROUTES)
@pytest.mark.parametrize("body", BAD_BODIES, ids=range(len(BAD_BODIES)))
def test_malformed_input_gets_a_4xx_never_a_500(live, seeded, method, path, body):
    """Every body here is wrong for at least one route; none may ever produce a 500."""
    with client(live) as a:
        response = a.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code < 500, (response.status_code, response.text)
    if BAD_BODIES.index(body) < UNIVERSALLY_BAD or response.status_code >= 400:
        assert 400 <= response.status_code < 500 and "detail" in response.json()


def test_schema_errors_name_the_field(live):
    with client(live) as a:
        response = a.post("/v1/handoffs", json={"customer": {"phone": "512-555-0101"},
                                                "messages": [{"speaker": "alien", "text": "hi"}]})
    assert response.status_code == 422 and "messages.0.speaker" in response.json()["detail"]


def test_bodies_over_the_limit_get_413(live):
    big = {"customer": {"phone": "512-555-0101"}, "interaction": {"channel": "note", "text": "x" * 300_000}}
    with client(live) as a:
        assert a.post("/v1/interactions", json=big).status_code == 413

        def chunks():
            for _ in range(30):
                yield b"x" * 10_000

        streamed = a.post("/v1/interactions", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


@pytest.mark.parametrize("query", ["?for=boss", "?channel=fax", "?after=-1"])
def test_bad_query_values_are_422(live, seeded, query):
    path = {"?for=boss": f"/v1/customers/{seeded['customer']}/brief", "?channel=fax":
            f"/v1/customers/{seeded['customer']}/greeting", "?after=-1": "/v1/handoffs"}[query]
    with client(live) as a:
        assert a.get(path + query).status_code == 422


def test_handoff_stores_the_chat_and_returns_brief_and_greeting(live):
    chat = [{"speaker": "customer", "text": "hi, looking at a Tacoma TRD Off-Road", "at": "2026-05-01T10:00:00Z"},
            {"speaker": "customer", "text": "I can't go over 450 a month, text me please", "at": "2026-05-01T10:01:00Z"}]
    with client(live, "store-b") as b:
        response = b.post("/v1/handoffs", json={"customer": {"name": "Ana Ruiz", "phone": "512-555-0177"},
                                                "messages": chat})
        assert response.status_code == 201, response.text
        out = response.json()
        assert out["brief"]["audience"] == "human"
        assert out["brief"]["facts"]["payment_target"]["value"] == {"monthly": 450}
        assert "Ana" in out["greeting"]["text"] and "Tacoma" in out["greeting"]["text"]
        again = b.post("/v1/handoffs", json={"customer": {"phone": "512-555-0177"}, "messages": chat}).json()
        assert again["brief"]["messages"] == 2  # the same chat twice stores nothing new
        one = b.post("/v1/interactions", json={"customer": {"phone": "512-555-0177"},
                                               "interaction": {"channel": "chat", "messages": chat[1:]}}).json()
        assert one["duplicates"] == 1  # a message posted alone is the same message as in the whole chat
        assert b.get("/v1/handoffs").json()[0]["customer_id"] == out["customer_id"]


def test_openapi_docs_have_examples_and_load_nothing_from_outside(live):
    import re

    with httpx.Client(base_url=live.url) as anonymous:
        page = anonymous.get("/docs")
        assert page.status_code == 200
        assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text)
        assert assets and not [a for a in assets if re.match(r"(?:https?:)?//", a)]
        assert all(anonymous.get(a).status_code == 200 for a in assets)
        spec = anonymous.get("/openapi.json").json()
    assert "/v1/handoffs" in spec["paths"]
    assert "examples" in json.dumps(spec["components"]["schemas"]["HandoffIn"])


def test_a_correction_over_the_api_sets_the_fact_and_bad_ones_are_422(live, seeded):
    with client(live) as a:
        done = a.post(f"/v1/customers/{seeded['customer']}/corrections",
                      json={"fact": "down_payment", "value": {"amount": 3000}, "author": "Dana (desk)"})
        assert done.status_code == 201, done.text
        fact = done.json()["facts"]["down_payment"]
        assert fact["value"] == {"amount": 3000} and fact["evidence"][0]["kind"] == "correction"
        bad = a.post(f"/v1/customers/{seeded['customer']}/corrections",
                     json={"fact": "down_payment", "value": {"amount": "lots"}, "author": "Dana"})
        assert bad.status_code == 422 and bad.json()["detail"].startswith("down_payment amount:")
