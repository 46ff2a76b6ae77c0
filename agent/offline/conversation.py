"""The customer's history as sentences, with the staff turn each customer turn answers, and the candidate
facts extractors propose from it. Choosing among candidates is the engine's job."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cached_property
from typing import Any

from ...retrieval.models import Channel, Message, Role
from .cues import cue
from .spanish import gloss, has_spanish_word, reads_as_spanish
from .text import Sentence
from .vocab import car_talk, tail_models_named, word_models_named


@dataclass(frozen=True)
class Candidate:
    value: Any
    sentence: Sentence
    strength: int = 2  # 2: said outright; 1: implied, used only when nothing says it outright


@dataclass
class Conversation:
    """The customer's history cut into sentences, with the staff question each customer turn answers."""

    messages: list[Message]
    sentences: list[Sentence]
    prompts: dict[str, Message]
    recent_staff: dict[str, Message]
    known_name: str | None = None  # the customer's first name as the directory has it

    def reported(self) -> Iterable[Sentence]:
        return (s for s in self.sentences if s.reported)

    @cached_property
    def capitalised_words(self) -> set[str]:
        """Words written with a capital mid-sentence somewhere: names, as far as lowercase texting lets us tell."""
        return {w.casefold() for s in self.sentences for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]+", s.text)}

    @cached_property
    def customer_names(self) -> set[str]:
        names = {m.speaker.split()[0].casefold() for m in self.messages if m.role is Role.customer and m.speaker}
        return names | ({self.known_name.casefold()} if self.known_name else set())

    @cached_property
    def staff_names(self) -> set[str]:
        """First names of the staff who wrote or spoke ("Lou Brennan (Used Car Mgr)"): never the customer's partner."""
        return {m.speaker.split()[0].casefold() for m in self.messages
                if m.role is Role.staff and not m.forwarded and m.speaker and m.speaker.split()[0].isalpha()}

    def in_service_thread(self, sentence: Sentence) -> bool:
        """The staff turn this customer turn answers is about servicing a vehicle ("What size are the tires?")."""
        return bool(cue("dialogue.json", "service_visit").search(self.context_for(sentence)))

    def prompt_for(self, sentence: Sentence) -> str:
        """The staff or bot turn this customer turn answers directly, if any."""
        prompt = self.prompts.get(sentence.message.id)
        return prompt.text.casefold() if prompt else ""

    def context_for(self, sentence: Sentence) -> str:
        """The last thing staff said in this conversation: what a bare "six fifty" is a reply to."""
        recent = self.recent_staff.get(sentence.message.id)
        return recent.text.casefold() if recent else ""


def conversation_of(messages: list[Message], split, known_name: str | None = None) -> Conversation:
    prompts = _prompts(messages)
    sentences = _read_in_spanish([s for m in messages for s in split(m)], messages)
    sentences = _with_known_models(_with_car_talk_around(sentences, prompts))
    recent: dict[str, Message] = {}
    last_staff: dict = {}
    for message in messages:
        if message.role is Role.customer:
            staff = last_staff.get(message.channel)
            if staff is not None and message.at - staff.at <= timedelta(hours=6):
                recent[message.id] = staff
        elif message.channel is not Channel.note:
            last_staff[message.channel] = message
    return Conversation(messages, sentences, prompts, recent, known_name)


def _prompts(messages: list[Message]) -> dict[str, Message]:
    """The staff or bot turn each customer turn answers: the one right before it on the same channel."""
    prompts: dict[str, Message] = {}
    for previous, message in zip(messages, messages[1:]):
        # A customer turn right after a staff or bot turn on the same channel answers it.
        if (
            message.role is Role.customer
            and previous.role is not Role.customer
            and previous.channel == message.channel
            and message.at - previous.at <= timedelta(hours=6)
        ):
            prompts[message.id] = previous
    return prompts


def _with_car_talk_around(sentences: list[Sentence], prompts: dict[str, Message]) -> list[Sentence]:
    """A sentence that names a model word bare and finds no car in it ("tacoma." in "tacoma. used is fine, 2020 or
    newer") is read again knowing whether the rest of its message, or the staff turn it answers, talks about cars."""
    talks = {id(s): car_talk(s.text) for s in sentences if s.message.role is Role.customer}
    talking: dict[str, int] = {}  # per message, how many of its sentences talk cars: counted once, not per sentence
    for sentence in sentences:
        if talks.get(id(sentence)):
            talking[sentence.message.id] = talking.get(sentence.message.id, 0) + 1
    read = []
    for sentence in sentences:
        if sentence.message.role is Role.customer and (
                word_models_named(sentence.text) - {f"{m.make}|{m.model}" for m in sentence.vehicles}):
            prompt = prompts.get(sentence.message.id)
            others_talk = talking.get(sentence.message.id, 0) - talks[id(sentence)] > 0
            if others_talk or (prompt is not None and car_talk(prompt.text)):
                sentence = replace(sentence, car_talk_around=True)
        read.append(sentence)
    return read


def _read_in_spanish(sentences: list[Sentence], messages: list[Message]) -> list[Sentence]:
    """A customer who writes in Spanish writes short replies in Spanish too: "no, yo decido sola" is too short to
    read as Spanish alone, so in a conversation the customer holds in Spanish any sentence with a Spanish word is
    read through the gloss."""
    own = [m for m in messages if m.role is Role.customer]
    if not own or sum(reads_as_spanish(m.text) for m in own) < max(1, 0.3 * len(own)):
        return sentences
    return [replace(s, text=gloss(s.text), written=s.text)
            if s.written is None and s.message.role is Role.customer and has_spanish_word(s.text) else s
            for s in sentences]


def _with_known_models(sentences: list[Sentence]) -> list[Sentence]:
    """A model named beyond doubt anywhere in the history ("Highlander XLE", "the Pilot") is the car wherever the
    history names it bare again ("Leaning Highlander"): those sentences are read again knowing it."""
    named = {f"{m.make}|{m.model}" for s in sentences for m in s.vehicles if m.model}
    if not named:
        return sentences
    known = frozenset(named)
    return [replace(s, known_models=known) if (word_models_named(s.text) - {f"{m.make}|{m.model}" for m in s.vehicles}) & known
            or (tail_models_named(s.text, known) - {f"{m.make}|{m.model}" for m in s.vehicles}) else s for s in sentences]


def _window_before(text: str, start: int, size: int = 40) -> str:
    return text[max(0, start - size) : start].casefold()


def _window_after(text: str, end: int, size: int = 40) -> str:
    return text[end : end + size].casefold()
