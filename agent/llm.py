"""The LLM engine: any OpenAI-compatible chat model through LangChain, with structured output into the facts'
own schema, a token-budgeted context, and every quote checked against the message it cites."""

from __future__ import annotations

import json
import random
import re
import time
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, SecretStr, ValidationError

from ..prompts import Prompt, load_prompt
from ..retrieval.models import Customer, Message
from ..retrieval.tokens import count_tokens
from .citations import from_typed_content, may_cite, substantial, supports
from .context import Context, Search, build_context
from .models import (
    FACT_NAMES,
    Brief,
    Deadline,
    DownPayment,
    Evidence,
    Fact,
    Facts,
    Financing,
    Note,
    PaymentTarget,
    Spouse,
    TradeIn,
    Usage,
    VehicleInterest,
)

V = TypeVar("V")


class Cited(BaseModel, Generic[V]):
    """A value with the message it rests on and a verbatim quote from it."""

    value: V
    message_id: str
    quote: str


class CitedNote(BaseModel):
    text: str
    message_id: str
    quote: str


class ExtractedBrief(BaseModel):
    """The schema the model fills; null for anything the history does not establish."""

    vehicle_interest: Cited[VehicleInterest] | None = None
    purchase_type: Cited[Literal["buy", "lease", "undecided"]] | None = None
    payment_target: Cited[PaymentTarget] | None = None
    down_payment: Cited[DownPayment] | None = None
    trade_in: Cited[TradeIn] | None = None
    financing: Cited[Financing] | None = None
    spouse: Cited[Spouse] | None = None
    deadline: Cited[Deadline] | None = None
    preferred_contact: Cited[Literal["call", "text", "email"]] | None = None
    concerns: list[CitedNote] = Field(default_factory=list, max_length=5)
    promises: list[CitedNote] = Field(default_factory=list, max_length=5)


class LLMUnavailable(RuntimeError):
    """The model could not give a usable answer; the reason is one line a user can act on."""


class MalformedOutput(ValueError):
    """The model answered, but not with JSON that fits the schema."""


# Share of the budget kept back for what we do not count exactly: role framing, and the client's rewrite of the
# schema into the request's response_format (a few percent larger than pydantic's own).
FRAMING_RESERVE = 0.05
RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}
BACKOFF_START = 0.25
BACKOFF_CAP = 4.0


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def verified_quote(quote: str, message: Message) -> str | None:
    """The span of the message the quote matches after whitespace and case folding, or None."""
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, message.text, re.I)
    return match.group(0) if match else None


class OpenAIEngine:
    """Briefs from any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp)."""

    name = "openai"

    def __init__(self, model: str, base_url: str | None, api_key: str | None, timeout: float, retries: int,
                 budget: int, tokenizer: str = "o200k_base", prompt: Prompt | None = None) -> None:
        self.model = model
        self.base_url = base_url
        # Local servers ignore the key; the client insists on one.
        self.api_key = SecretStr(api_key or "not-needed")
        self.timeout = timeout
        self.retries = retries
        self.budget = budget
        self.tokenizer = tokenizer
        self.prompt = prompt or load_prompt("brief")
        self._runnable: Any = None

    @property
    def cache_tag(self) -> str:
        return f"openai:{_shown(self.base_url) if self.base_url else 'api.openai.com'}:{self.model}:{self.prompt.label}"

    # -- the model call ---------------------------------------------------------------------------------

    def _structured(self):
        if self._runnable is None:
            from langchain_openai import ChatOpenAI

            chat = ChatOpenAI(model=self.model, base_url=self.base_url, api_key=self.api_key, timeout=self.timeout,
                              max_retries=0, temperature=0)
            self._runnable = chat.with_structured_output(ExtractedBrief, method="json_schema", include_raw=True)
        return self._runnable

    def _plain(self):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=self.model, base_url=self.base_url, api_key=self.api_key, timeout=self.timeout,
                          max_retries=0, temperature=0.3)

    def phrase_greeting(self, brief: Brief, draft):
        """The model's wording of the offline greeting, checked against the brief; the draft when anything fails."""
        from .greeting import checked_phrasing

        prompt = load_prompt("greeting")
        facts = json.dumps({k: v for k, v in brief.fact_values().items() if v is not None})
        user = f"Channel: {draft.channel}\nFacts: {facts}\nDraft: {draft.text}"
        deadline = time.monotonic() + self.timeout * (self.retries + 1)
        try:
            reply = self._invoke([("system", prompt.text), ("user", user)], deadline, runnable=self._plain())
        except (LLMUnavailable, MalformedOutput):
            return draft
        return checked_phrasing(getattr(reply, "content", "") or "", brief, draft)

    def _invoke(self, messages: list[tuple[str, str]], deadline: float, runnable=None):
        """One call, retried with backoff on transport faults, never past the deadline."""
        import openai

        structured = runnable is None
        runnable = runnable or self._structured()
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMUnavailable(f"no answer from {self.model} within {self.timeout * (self.retries + 1):.0f}s")
            try:
                result = runnable.invoke(messages, timeout=min(self.timeout, remaining))
            except (ValidationError, ValueError) as exc:
                raise MalformedOutput(_first_line(exc)) from None
            except openai.APIStatusError as exc:
                if exc.status_code not in RETRYABLE_STATUS or attempt >= self.retries:
                    raise LLMUnavailable(f"{self.model} answered HTTP {exc.status_code}"
                                         f"{' after retries' if attempt else ''}") from None
                delay = _retry_after(exc) or BACKOFF_START * 2**attempt
            except (openai.APITimeoutError, openai.APIConnectionError) as exc:
                if attempt >= self.retries:
                    kind = "timed out" if isinstance(exc, openai.APITimeoutError) else "could not be reached"
                    where = f" at {_shown(self.base_url)}" if self.base_url else ""
                    raise LLMUnavailable(f"{self.model}{where} {kind} ({attempt + 1} attempts)") from None
                delay = BACKOFF_START * 2**attempt
            else:
                if not structured:
                    return result
                if result.get("parsed") is None:
                    raise MalformedOutput(_first_line(result.get("parsing_error") or "no parsed output"))
                return result
            attempt += 1
            time.sleep(min(delay * (1 + random.random() / 4), BACKOFF_CAP, max(0.0, deadline - time.monotonic())))

    # -- the engine protocol ----------------------------------------------------------------------------

    def brief(self, customer: Customer, messages: list[Message], now: datetime | None = None,
              search: Search | None = None) -> Brief:
        started = time.monotonic()
        deadline = started + self.timeout * (self.retries + 1)
        conversation, context = self.prompt_for(customer, messages, now, search)
        user = conversation[-1][1]

        try:
            result = self._invoke(conversation, deadline)
        except MalformedOutput as problem:
            # One re-ask that tells the model what was wrong, then give up.
            conversation.append(("user", f"Your answer was not valid for the schema ({problem}). "
                                         "Reply again with only JSON that matches the schema exactly."))
            try:
                result = self._invoke(conversation, deadline)
            except MalformedOutput:
                raise LLMUnavailable(f"{self.model} twice returned output that does not fit the brief schema") from None
        extracted, raw = result["parsed"], result.get("raw")

        facts, unsupported = self._verified_facts(extracted, context)
        usage = self._usage(raw, self.prompt.text + user, self.count)
        usage.latency_ms = round((time.monotonic() - started) * 1000, 1)
        notes = {kind: self._notes(getattr(extracted, kind), context, kind) for kind in ("concerns", "promises")}
        return Brief(
            **Brief.heading(customer, messages, now),
            facts=facts,
            concerns=notes["concerns"],
            promises=notes["promises"],
            engine=self.name,
            model=self.model,
            prompt_version=self.prompt.label,
            usage=usage,
            unsupported_facts=unsupported,
            context_messages=len(context.messages),
        )

    def count(self, text: str) -> int:
        return count_tokens(text, self.tokenizer)

    def prompt_for(self, customer: Customer, messages: list[Message], now: datetime | None = None,
                   search: Search | None = None) -> tuple[list[tuple[str, str]], Context]:
        """The system and user messages the model is sent, with the context packed to the token budget."""
        preamble = self._preamble(customer, now)
        schema = json.dumps(ExtractedBrief.model_json_schema())
        overhead = self.count(self.prompt.text) + self.count(preamble) + self.count(schema)
        room = int(self.budget * (1 - FRAMING_RESERVE)) - overhead
        context = build_context(messages, max(0, room), self.count, search)
        return [("system", self.prompt.text), ("user", f"{preamble}\n{context.text}")], context

    def _preamble(self, customer: Customer, now: datetime | None) -> str:
        when = (now or datetime.now(UTC)).isoformat()
        return (f"Customer: {customer.name or 'unknown name'}. Brief requested at {when}.\n"
                "History (JSON lines, oldest first):")

    def _verified_facts(self, extracted: ExtractedBrief, context: Context) -> tuple[Facts, int]:
        facts: dict[str, Any] = {}
        unsupported = 0
        for name in FACT_NAMES:
            cited = getattr(extracted, name)
            if cited is None:
                facts[name] = Fact()
                continue
            message = context.message(cited.message_id)
            quote = verified_quote(cited.quote, message) if message else None
            if quote is None or message is None or not supports(name, cited.value, quote) \
                    or from_typed_content(message, quote):
                # A quote we cannot find, or one that does not state the value, is a fact we cannot stand behind.
                unsupported += 1
                facts[name] = Fact()
                continue
            facts[name] = Fact(value=cited.value, evidence=[Evidence.of(message, quote)])
        return Facts(**facts), unsupported

    @staticmethod
    def _notes(items: list[CitedNote], context: Context, kind: str) -> list[Note]:
        notes = []
        for item in items:
            message = context.message(item.message_id)
            quote = verified_quote(item.quote, message) if message else None
            if quote and message is not None and substantial(quote) and may_cite(kind, message) \
                    and not from_typed_content(message, quote):
                notes.append(Note(text=item.text, evidence=Evidence.of(message, quote)))
        return notes

    @staticmethod
    def _usage(raw, prompt_text: str, count) -> Usage:
        metadata = getattr(raw, "usage_metadata", None) or {}
        if metadata.get("input_tokens"):
            return Usage(prompt_tokens=metadata["input_tokens"], completion_tokens=metadata.get("output_tokens", 0),
                         source="response")
        completion = getattr(raw, "content", "") or ""
        return Usage(prompt_tokens=count(prompt_text), completion_tokens=count(completion), source="tiktoken")


def _shown(url: str) -> str:
    """A base URL as it may be shown: without any user name or password written into it."""
    return re.sub(r"(?<=://)[^/@\s]*@", "", url)


def _first_line(problem: object) -> str:
    return str(problem).strip().splitlines()[0][:300] if str(problem).strip() else "invalid output"


def _retry_after(exc) -> float | None:
    value = getattr(getattr(exc, "response", None), "headers", {}).get("retry-after")
    try:
        return min(float(value), BACKOFF_CAP) if value else None
    except ValueError:
        return None


__all__ = ["ExtractedBrief", "LLMUnavailable", "OpenAIEngine", "ValidationError", "verified_quote"]
