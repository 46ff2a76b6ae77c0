"""The HTTP edge: FastAPI routes that speak for one dealership per key and return the same models the CLI prints."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ..agent.briefing import make_brief
from ..agent.corrections import CorrectionError, checked_value
from ..agent.engine import Engine
from ..agent.greeting import Greeting, first_contact_greeting, greeting_for
from ..agent.models import Brief
from ..agent.upgrade import ConfigError, ScoredOrder, StatusError
from ..retrieval.adf import batch_from_adf
from ..retrieval.database import DatabaseError
from ..retrieval.errors import IngestError
from ..retrieval.identity import identity_from
from ..retrieval.ingest import batch_from_case, ingest, messages_from
from ..retrieval.models import Customer, Identity, Message, Opportunity, OpportunityStatus
from ..retrieval.pii import mask_pii
from ..retrieval.settings import Settings
from ..retrieval.store import Store
from . import service_lane
from .deps import (
    ApiKey,
    AuditKey,
    Backends,
    BackendsDep,
    EngineDep,
    ForgetKey,
    HandoffKey,
    IngestKey,
    KeysKey,
    ReadKey,
    ServiceKey,
    SettingsDep,
    StoreDep,
    authenticate,
)
from .export import lines as export_lines
from .keys import KeyRequestError, Scope
from .limits import BodySizeLimit
from .logs import AccessLog, configure_logging

AudienceParam = Literal["human", "sales", "desk", "fi", "service"]
# An event stream polls the database (so a message stored by any worker reaches it) and ends after a while; the
# page reconnects with the last id it saw.
EVENT_POLL_SECONDS = 0.2
EVENT_STREAM_SECONDS = 300
GreetingChannel = Literal["call", "chat", "sms", "email"]
HandoffId = Annotated[int, Path(ge=1, le=2**62)]

CUSTOMER_EXAMPLE: dict[str, Any] = {"name": "Mike Alvarez", "phone": "(512) 555-0101", "email": "mike.alvarez@example.com"}


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [CUSTOMER_EXAMPLE]})

    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    id: str | None = Field(default=None, max_length=200)


class InteractionIn(BaseModel):
    """An interaction exactly as the eval format writes it, for one customer."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "customer": CUSTOMER_EXAMPLE,
        "interaction": {"channel": "sms", "started_at": "2026-03-02T14:05:00-06:00",
                        "messages": [{"speaker": "customer", "text": "can't go over 500 a month"}]}}]})

    customer: CustomerIn
    interaction: dict[str, Any]


class Stored(BaseModel):
    customer_id: str
    message_ids: list[str]
    duplicates: int


class ChatMessageIn(BaseModel):
    speaker: Literal["customer", "agent", "bot"]
    text: str = Field(max_length=20_000)
    name: str | None = None
    at: datetime | None = None


class HandoffIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "customer": {"name": "Dana Reyes", "phone": "512-555-0142"},
        "messages": [{"speaker": "customer", "text": "Looking at a RAV4, want to stay under $400 a month",
                      "at": "2026-03-02T14:05:00-06:00"}]}]})

    customer: CustomerIn
    messages: list[ChatMessageIn] = Field(default_factory=list, max_length=500)


class HandoffOut(BaseModel):
    customer_id: str
    handoff_id: int
    # The visitor's secret for this chat: send it as X-Visitor-Token with the widget key.
    visitor_token: str
    first_contact: bool
    brief: Brief
    greeting: Greeting


class HandoffInfo(BaseModel):
    id: int
    customer_id: str
    at: str
    claimed_by: str | None = None
    first_contact: bool = False


class HandoffView(BaseModel):
    handoff: HandoffInfo
    brief: Brief
    greeting: Greeting


class ChatLineIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)
    name: str | None = Field(default=None, max_length=200)


class ClaimIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class CorrectionIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"fact": "payment_target", "value": {"monthly": 450}, "author": "Dana (desk)", "note": "confirmed by phone"}]})

    fact: str = Field(max_length=40)
    value: Any = None
    author: str = Field(min_length=1, max_length=200)
    note: str | None = Field(default=None, max_length=2000)


class LookupIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"phone": "(512) 555-0101"}]})

    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)


class Forgotten(BaseModel):
    customer_id: str
    messages_removed: int


class KeyIn(BaseModel):
    scope: Scope = "staff"
    origins: list[str] = Field(default_factory=list, max_length=20)


class KeyMade(BaseModel):
    key_id: str
    key: str
    scope: str
    dealer: str


class KeyInfo(BaseModel):
    key_id: str
    dealer: str
    scope: str
    origins: list[str]
    created_at: str
    revoked_at: str | None


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    customer_id: str | None


class StatusIn(BaseModel):
    status: OpportunityStatus


class Funnel(BaseModel):
    dealer: str
    stages: dict[str, int]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    backends = Backends(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Built once per process before the first request: no request races another to open the store.
        backends.store()
        backends.engine()
        yield
        backends.close()

    # fastapi-offline serves Swagger UI's and ReDoc's assets from the package: /docs works with no network.
    app = FastAPIOffline(title="handoff", version="0.1.0", lifespan=lifespan,
                  description="Customer-context handoff for car dealerships. Every /v1 route needs "
                              "`Authorization: Bearer <key>` from `handoff keys create --dealer D`.")
    configure_logging()
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # Bearer keys, not cookies: any page may call, and a widget key's own origin list is checked per request.
    app.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=False,
                       allow_methods=["GET", "POST", "PATCH", "DELETE"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(AccessLog)
    app.state.settings = settings
    app.state.backends = backends
    app.state.store = backends.store
    app.add_exception_handler(IngestError, _status(422))
    app.add_exception_handler(DatabaseError, _status(503))
    app.add_exception_handler(StatusError, _status(409))
    app.add_exception_handler(ConfigError, _status(503))
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]  # Starlette's handler type is too narrow
    app.include_router(router)
    app.openapi = lambda: documented_errors(app)  # type: ignore[method-assign]
    return app


class Problem(BaseModel):
    """Every error, whatever its status: one line saying what is wrong (and, for bad input, each problem)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


def documented_errors(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with every status a route can return, all in the one error shape."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = Problem.model_json_schema()
    problem = {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    reasons = {"400": "The body is not readable as JSON", "401": "No key, or an unknown or revoked one", "403": "The key's scope does not allow this",
               "404": "No such record for this key's dealer", "409": "Not allowed in the record's current state",
               "413": "Request body over the size limit", "422": "Invalid input", "429": "Too many requests",
               "503": "Storage or brief work unavailable right now; try again"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = ["422", "503"]
            if path.startswith("/v1"):
                codes += ["401", "403", "429"]
                if "{" in path or path in ("/v1/brief", "/v1/customers/lookup"):
                    codes.append("404")
            if "requestBody" in operation:
                codes += ["400", "413"]
            if method == "patch":
                codes.append("409")
            if path in ("/healthz",):
                codes = []
            for code in codes:
                operation["responses"][code] = {**problem, "description": reasons[code]}
    app.openapi_schema = spec
    return spec


def _status(code: int):
    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=code, content={"detail": mask_pii(str(exc))})

    return handler


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request"}
    field = ".".join(str(p) for p in first["loc"])
    # pydantic's messages can quote the input ("...got '123-45-6789'"): masked, and the raw input is never sent.
    return JSONResponse(status_code=422, content={"detail": mask_pii(f"{field}: {first['msg']}"),
                                                  "errors": jsonable(errors)})


router = APIRouter()


def customer_or_404(store: Store, dealer: str, customer_id: str) -> Customer:
    # Another dealer's customer gets the same answer as one that does not exist.
    found = store.get_customer(dealer, customer_id)
    if found is None:
        raise HTTPException(404, "no such customer")
    return found


def brief_for(backends: Backends, store: Store, engine: Engine, customer: Customer,
              audience: AudienceParam = "sales") -> Brief:
    """The brief, or a 503 when the work takes longer than `HANDOFF_BRIEF_TIMEOUT` (it finishes and is cached)."""

    def work() -> Brief:
        with backends.engine_slots:
            return make_brief(store, engine, customer, audience=audience)

    future = backends.brief_pool.submit(work)
    try:
        return future.result(timeout=backends.settings.brief_timeout)
    except TimeoutError:
        raise HTTPException(503, "the brief is taking too long; try again in a moment",
                            headers={"Retry-After": "5"}) from None


@router.get("/healthz", tags=["ops"])
async def healthz() -> dict:
    # On the event loop, not the worker threads briefs run in: it answers while they are busy.
    return {"status": "ok"}


@router.get("/readyz", tags=["ops"])
def readyz(store: StoreDep) -> JSONResponse:
    try:
        store.ready()
    except Exception as exc:  # readiness reports any store failure, it does not crash
        return JSONResponse(status_code=503, content={"status": "unavailable", "detail": str(exc)[:200]})
    return JSONResponse(content={"status": "ready"})


@router.post("/v1/interactions", status_code=201, response_model=Stored, tags=["ingest"])
def add_interaction(body: InteractionIn, key: IngestKey, store: StoreDep, settings: SettingsDep) -> Stored:
    case = {"dealer_id": key.dealer, "customer": body.customer.model_dump(exclude_none=True),
            "interactions": [body.interaction]}
    result = ingest(store, batch_from_case(case, "request", region=settings.phone_region,
                                           max_chars=settings.max_message_chars))
    return Stored(customer_id=result.customer.id, message_ids=result.added + result.duplicates,
                  duplicates=len(result.duplicates))


@router.post("/v1/leads", status_code=201, response_model=Stored, tags=["ingest"],
             openapi_extra={"requestBody": {"required": True, "content": {"application/xml": {
                 "schema": {"type": "string"}, "example": "<?adf version=\"1.0\"?><adf><prospect>...</prospect></adf>"}}}})
async def add_lead(request: Request, key: IngestKey, store: StoreDep, settings: SettingsDep) -> Stored:
    """An ADF/XML lead (Content-Type: application/xml), or an email holding one: a customer and their messages."""
    raw = (await request.body()).decode("utf-8", errors="replace")
    batch = batch_from_adf(raw, "lead", key.dealer, settings.phone_region)
    result = await run_in_threadpool(ingest, store, batch)
    return Stored(customer_id=result.customer.id, message_ids=result.added + result.duplicates,
                  duplicates=len(result.duplicates))


@router.get("/v1/customers/{customer_id}/brief", response_model=Brief, tags=["briefs"])
def customer_brief(customer_id: str, key: ReadKey, store: StoreDep, engine: EngineDep, backends: BackendsDep,
                   audience: Annotated[AudienceParam, Query(alias="for")] = "sales") -> Brief:
    customer = customer_or_404(store, key.dealer, customer_id)
    backends.audit.record(key.dealer, key.key_id, "brief", customer.id)
    return brief_for(backends, store, engine, customer, audience)


@router.get("/v1/customers/{customer_id}/messages", response_model=list[Message], tags=["briefs"])
def customer_messages(customer_id: str, key: ReadKey, store: StoreDep, backends: BackendsDep,
                      offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
                      limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> list[Message]:
    """The customer's messages in time order (`offset`/`limit` page through a long history)."""
    customer = customer_or_404(store, key.dealer, customer_id)
    backends.audit.record(key.dealer, key.key_id, "history", customer.id)
    return store.messages(customer)[offset:offset + limit]


@router.post("/v1/customers/lookup", response_model=Customer, tags=["briefs"])
def lookup_customer(body: LookupIn, key: ReadKey, store: StoreDep, settings: SettingsDep,
                    backends: BackendsDep) -> Customer:
    """The customer a phone number or email names, without either ever appearing in a URL."""
    found = store.find_customer(key.dealer, identity_from(body.model_dump(exclude_none=True), settings.phone_region))
    if found is None:
        raise HTTPException(404, "no such customer")
    backends.audit.record(key.dealer, key.key_id, "lookup", found.id)
    return found


@router.delete("/v1/customers/{customer_id}", response_model=Forgotten, tags=["privacy"])
def forget_customer(customer_id: str, key: ForgetKey, store: StoreDep, backends: BackendsDep) -> Forgotten:
    """Remove the customer and everything of theirs; only the fact of the deletion is kept (in the audit log)."""
    customer = customer_or_404(store, key.dealer, customer_id)
    removed = store.forget(customer)
    backends.audit.record(key.dealer, key.key_id, "forget", customer.id)
    return Forgotten(customer_id=customer.id, messages_removed=removed)


@router.post("/v1/customers/{customer_id}/corrections", status_code=201, response_model=Brief, tags=["briefs"])
def correct_fact(customer_id: str, body: CorrectionIn, key: ReadKey, store: StoreDep, engine: EngineDep,
                 backends: BackendsDep) -> Brief:
    """A person sets a fact (`value` in the eval format's shape, null for "unknown"); the brief that follows."""
    customer = customer_or_404(store, key.dealer, customer_id)
    try:
        value = checked_value(body.fact, body.value)
    except CorrectionError as exc:
        raise HTTPException(422, str(exc)) from None
    store.correct(customer, body.fact, json.dumps(jsonable_value(value)) if value is not None else None,
                  body.author, body.note, datetime.now(UTC))
    return brief_for(backends, store, engine, customer, "human")


@router.get("/v1/brief", response_model=Brief, tags=["briefs"])
def brief_by_contact(key: ReadKey, store: StoreDep, engine: EngineDep, settings: SettingsDep, backends: BackendsDep,
                     phone: Annotated[str | None, Query(max_length=40)] = None,
                     email: Annotated[str | None, Query(max_length=254)] = None,
                     audience: Annotated[AudienceParam, Query(alias="for")] = "sales") -> Brief:
    """Kept for existing integrations; `POST /v1/customers/lookup` keeps the phone or email out of the URL."""
    if not (phone or email):
        raise HTTPException(422, "give ?phone= or ?email=")
    found = store.find_customer(key.dealer, identity_from({"phone": phone, "email": email}, settings.phone_region))
    if found is None:
        raise HTTPException(404, "no such customer")
    backends.audit.record(key.dealer, key.key_id, "brief", found.id)
    return brief_for(backends, store, engine, found, audience)


@router.get("/v1/customers/{customer_id}/greeting", response_model=Greeting, tags=["briefs"])
def customer_greeting(customer_id: str, key: ReadKey, store: StoreDep, engine: EngineDep,
                      backends: BackendsDep, channel: GreetingChannel = "chat") -> Greeting:
    customer = customer_or_404(store, key.dealer, customer_id)
    backends.audit.record(key.dealer, key.key_id, "greeting", customer.id)
    return greeting_for(brief_for(backends, store, engine, customer), channel, engine)


@router.post("/v1/handoffs", status_code=201, response_model=HandoffOut, tags=["handoffs"])
def hand_off(body: HandoffIn, key: HandoffKey, store: StoreDep, engine: EngineDep,
             settings: SettingsDep, backends: BackendsDep) -> HandoffOut:
    """A visitor asks for a person: their chat so far is stored, staff see the brief, and the visitor gets a token
    for this chat (send it as `X-Visitor-Token` to read staff replies and keep typing)."""
    dealer = key.dealer
    identity = identity_from(body.customer.model_dump(exclude_none=True), settings.phone_region)
    known = store.find_customer(dealer, identity)
    first_contact = known is None or not store.history_stamp(known)[0]
    customer = store.resolve_customer(dealer, identity)
    handoff_id, token = backends.handoffs.record(dealer, customer.id, first_contact)
    if body.messages:
        store.add_to(customer, chat_lines(store, customer, [m.model_dump(mode="json", exclude_none=True)
                                                            for m in body.messages], settings), handoff_id)
    brief = brief_for(backends, store, engine, customer, audience="human")
    backends.audit.record(dealer, key.key_id, "handoff", customer.id)
    greeting = first_contact_greeting(brief, "chat") if first_contact else greeting_for(brief, "chat", engine)
    return HandoffOut(customer_id=customer.id, handoff_id=handoff_id, visitor_token=token, first_contact=first_contact,
                      brief=brief, greeting=greeting)


def chat_lines(store: Store, customer: Customer, lines: list[dict], settings: Settings) -> list[Message]:
    """Chat lines as the customer's messages, parsed like any ingested chat."""
    interaction = {"channel": "chat", "started_at": datetime.now(UTC).isoformat(), "messages": lines}
    return messages_from(customer.dealer, Identity(customer_id=customer.id, name=customer.name), [interaction],
                         settings.max_message_chars)


def chat_party(handoff_id: HandoffId, key: Annotated[ApiKey, Depends(authenticate)], backends: BackendsDep,
               x_visitor_token: Annotated[str | None, Header(max_length=200)] = None) -> tuple[str, ApiKey, dict]:
    """Who is in this chat: the visitor (a widget key with this chat's token) or staff (a key that reads briefs)."""
    handoff = backends.handoffs.get(key.dealer, handoff_id)
    if handoff is None:
        raise HTTPException(404, "no such handoff")
    if key.scope == "widget":
        if not backends.handoffs.visitor_may(key.dealer, handoff_id, x_visitor_token):
            raise HTTPException(403, "this chat belongs to another visitor")
        return "visitor", key, handoff
    if not key.may("read"):
        raise HTTPException(403, f"a {key.scope} key cannot do this")
    return "staff", key, handoff


ChatParty = Annotated[tuple[str, ApiKey, dict], Depends(chat_party)]


@router.get("/v1/handoffs/{handoff_id}/messages", response_model=list[Message], tags=["handoffs"])
def handoff_messages(party: ChatParty, store: StoreDep, after: Annotated[int, Query(ge=0, le=10**6)] = 0
                     ) -> list[Message]:
    """The chat's messages both ways, from the `after`-th on."""
    _, key, handoff = party
    return store.handoff_messages(key.dealer, handoff["id"])[after:]


@router.post("/v1/handoffs/{handoff_id}/messages", status_code=201, response_model=Message, tags=["handoffs"])
def say_in_handoff(body: ChatLineIn, party: ChatParty, store: StoreDep, settings: SettingsDep) -> Message:
    """One line in the chat: from staff with a staff key, from the visitor with the widget key and their token."""
    who, key, handoff = party
    customer = customer_or_404(store, key.dealer, handoff["customer_id"])
    line = {"speaker": "agent" if who == "staff" else "customer", "text": body.text,
            **({"name": body.name} if body.name else {})}
    messages = chat_lines(store, customer, [line], settings)
    if not messages:
        raise HTTPException(422, "text: say something")
    store.add_to(customer, messages, handoff["id"])
    return messages[0]


@router.get("/v1/handoffs/{handoff_id}", response_model=HandoffView, tags=["handoffs"])
def show_handoff(handoff_id: HandoffId, key: ReadKey, store: StoreDep, engine: EngineDep,
                 backends: BackendsDep) -> HandoffView:
    """What the staff card shows: the handoff, the visitor's brief, and how to greet them."""
    found = backends.handoffs.get(key.dealer, handoff_id)
    if found is None:
        raise HTTPException(404, "no such handoff")
    customer = customer_or_404(store, key.dealer, found["customer_id"])
    backends.audit.record(key.dealer, key.key_id, "brief", customer.id)
    brief = brief_for(backends, store, engine, customer, audience="human")
    greeting = (first_contact_greeting(brief, "chat") if found["first_contact"]
                else greeting_for(brief, "chat", engine))
    info = HandoffInfo(**{k: v for k, v in found.items() if k != "visitor_token_hash"})
    return HandoffView(handoff=info, brief=brief, greeting=greeting)


@router.post("/v1/handoffs/{handoff_id}/claim", response_model=HandoffInfo, tags=["handoffs"])
def claim_handoff(handoff_id: HandoffId, body: ClaimIn, key: ReadKey, backends: BackendsDep) -> HandoffInfo:
    if not backends.handoffs.claim(key.dealer, handoff_id, body.name):
        raise HTTPException(404, "no such handoff")
    found = backends.handoffs.get(key.dealer, handoff_id)
    assert found is not None
    return HandoffInfo(**{k: v for k, v in found.items() if k != "visitor_token_hash"})


@router.get("/v1/handoffs/{handoff_id}/events", tags=["handoffs"],
            responses={200: {"content": {"text/event-stream": {}}, "description": "One event per chat message"}})
async def handoff_events(request: Request, party: ChatParty, store: StoreDep,
                         after: Annotated[int, Query(ge=0, le=10**6)] = 0) -> StreamingResponse:
    """Server-sent events: each new chat message as `data: {message}` the moment it is stored (any worker)."""
    _, key, handoff = party

    async def stream():
        seen, quiet = after, 0.0
        deadline = time.monotonic() + EVENT_STREAM_SECONDS
        while time.monotonic() < deadline and not await request.is_disconnected():
            fresh = (await run_in_threadpool(store.handoff_messages, key.dealer, handoff["id"]))[seen:]
            for message in fresh:
                seen += 1
                yield f"id: {seen}\ndata: {message.model_dump_json()}\n\n"
            quiet = 0.0 if fresh else quiet + EVENT_POLL_SECONDS
            if quiet >= 15:
                quiet = 0.0
                yield ": still here\n\n"
            await asyncio.sleep(EVENT_POLL_SECONDS)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


@router.get("/v1/handoffs", response_model=list[HandoffInfo], tags=["handoffs"])
def recent_handoffs(key: ReadKey, backends: BackendsDep,
                    after: Annotated[int, Query(ge=0, le=2**62)] = 0) -> list[HandoffInfo]:
    return [HandoffInfo(**row) for row in backends.handoffs.since(key.dealer, after)]


@router.post("/v1/repair-orders", response_model=ScoredOrder, tags=["service"])
def repair_order(body: dict[str, Any], key: ServiceKey, store: StoreDep, settings: SettingsDep,
                 backends: BackendsDep) -> ScoredOrder:
    return service_lane.score_and_route(store, backends.opportunities, settings, key.dealer, body, "repair order")


@router.patch("/v1/opportunities/{opportunity_id}", response_model=Opportunity, tags=["service"])
def update_opportunity(opportunity_id: str, body: StatusIn, key: ServiceKey, store: StoreDep,
                       backends: BackendsDep) -> Opportunity:
    found = service_lane.change_status(store, backends.opportunities, key.dealer, opportunity_id, body.status)
    if found is None:
        raise HTTPException(404, "no such opportunity")
    return found


@router.get("/v1/opportunities/{opportunity_id}", response_model=Opportunity, tags=["service"])
def get_opportunity(opportunity_id: str, key: ServiceKey, store: StoreDep, backends: BackendsDep) -> Opportunity:
    found = service_lane.show_opportunity(store, backends.opportunities, key.dealer, opportunity_id)
    if found is None:
        raise HTTPException(404, "no such opportunity")
    return found


@router.get("/v1/funnel", response_model=Funnel, tags=["service"])
def get_funnel(key: ServiceKey, backends: BackendsDep) -> Funnel:
    return Funnel(dealer=key.dealer, stages=backends.opportunities.funnel(key.dealer))


@router.get("/v1/export", tags=["briefs"], responses={200: {"content": {
    "application/x-ndjson": {}, "text/csv": {}, "application/xml": {}}, "description": "One brief a customer"}})
def export_briefs(key: ReadKey, store: StoreDep, engine: EngineDep, backends: BackendsDep,
                  format: Annotated[Literal["jsonl", "csv", "adf"], Query()] = "jsonl",
                  since: datetime | None = None) -> StreamingResponse:
    """Every customer's brief for a CRM import, streamed one customer at a time."""
    customers = store.customers(key.dealer, since)
    backends.audit.record(key.dealer, key.key_id, "export", None)
    briefs = (make_brief(store, engine, c) for c in customers)
    media = {"jsonl": "application/x-ndjson", "csv": "text/csv", "adf": "application/xml"}[format]
    return StreamingResponse(export_lines(briefs, format), media_type=media)


@router.post("/v1/keys", status_code=201, response_model=KeyMade, tags=["keys"])
def make_key(body: KeyIn, key: KeysKey, backends: BackendsDep) -> KeyMade:
    """A new key for this dealer; the key itself is in this response only."""
    try:
        key_id, made = backends.keys.create(key.dealer, body.scope, body.origins)
    except KeyRequestError as exc:
        raise HTTPException(422, str(exc)) from None
    return KeyMade(key_id=key_id, key=made, scope=body.scope, dealer=key.dealer)


@router.get("/v1/keys", response_model=list[KeyInfo], tags=["keys"])
def list_keys(key: KeysKey, backends: BackendsDep) -> list[KeyInfo]:
    return [KeyInfo(**row) for row in backends.keys.list(key.dealer)]


@router.delete("/v1/keys/{key_id}", status_code=204, tags=["keys"])
def revoke_key(key_id: str, key: KeysKey, backends: BackendsDep) -> None:
    if not backends.keys.revoke(key_id, dealer=key.dealer):
        raise HTTPException(404, "no such active key")


@router.get("/v1/audit", response_model=list[AuditEntry], tags=["privacy"])
def read_audit(key: AuditKey, backends: BackendsDep, since: datetime | None = None) -> list[AuditEntry]:
    return [AuditEntry(**row) for row in backends.audit.entries(key.dealer, since)]


@router.get("/widget", response_class=HTMLResponse, include_in_schema=False)
def widget() -> str:
    return page("widget.html")


@router.get("/static/events.js", include_in_schema=False)
def events_script() -> Response:
    return Response(page("events.js"), media_type="text/javascript")


@router.get("/staff", response_class=HTMLResponse, include_in_schema=False)
def staff() -> str:
    return page("staff.html")


def page(name: str) -> str:
    return resources.files("handoff.api").joinpath("static", name).read_text(encoding="utf-8")


def jsonable_value(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def jsonable(errors: Sequence[Any]) -> list[dict]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": mask_pii(str(e.get("msg"))), "type": str(e.get("type"))}
            for e in errors]
