"""What a brief is: facts with the evidence they rest on, in the eval format's value shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_serializer

from ..retrieval.models import Channel, Message, Role


class Value(BaseModel):
    """A fact's value; unknown sub-keys are left out of the dump, as the eval format shapes them."""

    model_config = ConfigDict(frozen=True)

    @model_serializer(mode="wrap")
    def _drop_unknown(self, handler):
        return {k: v for k, v in handler(self).items() if v is not None}


class VehicleInterest(Value):
    make: str | None = None
    model: str | None = None
    year: int | None = None
    trim: str | None = None


class PaymentTarget(Value):
    monthly: int


class DownPayment(Value):
    amount: int


class TradeIn(Value):
    has_trade: bool
    year: int | None = None
    make: str | None = None
    model: str | None = None
    mileage: int | None = None
    payoff: int | None = None


class Financing(Value):
    source: Literal["outside", "dealer", "cash"] | None = None
    preapproved: bool | None = None


class Spouse(Value):
    involved: bool
    name: str | None = None


class Deadline(Value):
    date: str


PurchaseType = Literal["buy", "lease", "undecided"]
Audience = Literal["human", "sales", "desk", "fi", "service"]
ContactChannel = Literal["call", "text", "email"]

V = TypeVar("V")


class Evidence(BaseModel):
    message_id: str
    channel: Channel
    at: AwareDatetime
    role: Role
    speaker: str | None = None
    quote: str
    # "correction": a fact a staff member set (speaker is who, quote their note); not a message of the history.
    kind: Literal["message", "correction"] = "message"

    @classmethod
    def of(cls, message: Message, quote: str) -> Evidence:
        return cls(
            message_id=message.id, channel=message.channel, at=message.at, role=message.role,
            speaker=message.speaker, quote=quote,
        )


class Earlier(BaseModel, Generic[V]):
    value: V
    evidence: list[Evidence]


class Fact(BaseModel, Generic[V]):
    value: V | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    history: list[Earlier[V]] = Field(default_factory=list)


class Facts(BaseModel):
    vehicle_interest: Fact[VehicleInterest] = Field(default_factory=Fact)
    purchase_type: Fact[PurchaseType] = Field(default_factory=Fact)
    payment_target: Fact[PaymentTarget] = Field(default_factory=Fact)
    down_payment: Fact[DownPayment] = Field(default_factory=Fact)
    trade_in: Fact[TradeIn] = Field(default_factory=Fact)
    financing: Fact[Financing] = Field(default_factory=Fact)
    spouse: Fact[Spouse] = Field(default_factory=Fact)
    deadline: Fact[Deadline] = Field(default_factory=Fact)
    preferred_contact: Fact[ContactChannel] = Field(default_factory=Fact)


FACT_NAMES: tuple[str, ...] = tuple(Facts.model_fields)


class Note(BaseModel):
    """A concern, a priority or a promise, in the words of the message it came from."""

    text: str
    evidence: Evidence


class DontAsk(BaseModel):
    fact: str
    question: str
    answer: str
    evidence: list[Evidence]


class CustomerSummary(BaseModel):
    id: str
    dealer: str
    name: str | None = None
    phones: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, customer) -> CustomerSummary:
        return cls(id=customer.id, dealer=customer.dealer, name=customer.name, phones=customer.phones,
                   emails=customer.emails)


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    source: Literal["response", "tiktoken"] = "response"  # where the token counts came from


class Brief(BaseModel):
    customer: CustomerSummary
    generated_at: AwareDatetime
    as_of: AwareDatetime | None = None
    messages: int
    facts: Facts
    concerns: list[Note] = Field(default_factory=list)
    # Mentions the engine would not assert (a maybe, a make without a model): what to confirm, never a fact.
    ask_about: list[Note] = Field(default_factory=list)
    promises: list[Note] = Field(default_factory=list)
    dont_ask: list[DontAsk] = Field(default_factory=list)
    engine: str
    degraded: bool = False
    degraded_reason: str | None = None
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage | None = None
    # LLM facts dropped because their quote was not in the message they cited.
    unsupported_facts: int = 0
    # How many of the history's messages the model was shown (all, unless the history outgrew the token budget).
    context_messages: int | None = None
    # Who the brief is for, and the facts that reader sees, in the order they need them.
    audience: Audience = "sales"
    shown: list[str] = Field(default_factory=lambda: list(FACT_NAMES))
    # Read from the history the same way whichever engine wrote the facts.
    questions_waiting: list[Note] = Field(default_factory=list)
    vehicle_usage: list[Note] = Field(default_factory=list)
    salesperson: str | None = None
    delivered: bool = False  # the customer already bought: the vehicle of interest is the one they drive
    credit_application: Note | None = None
    welcome_note: str | None = None

    @staticmethod
    def heading(customer, messages: list, now: datetime | None) -> dict[str, Any]:
        """The fields every engine's brief starts with: who, when, and how much history it read."""
        return {"customer": CustomerSummary.of(customer), "generated_at": datetime.now(UTC),
                "as_of": now or (messages[-1].at if messages else None), "messages": len(messages)}

    def fact_values(self) -> dict[str, Any]:
        """Each fact's value in the eval format's shape, as a scorer reads it."""
        dumped = self.facts.model_dump(mode="json")
        return {name: dumped[name]["value"] for name in FACT_NAMES}


__all__ = [
    "Brief", "CustomerSummary", "Deadline", "DontAsk", "DownPayment", "Earlier", "Evidence", "FACT_NAMES",
    "Fact", "Facts", "Financing", "Note", "PaymentTarget", "Spouse", "TradeIn", "Usage", "VehicleInterest",
    "datetime",
]
