"""The Spanish gloss: every lexicon entry's example glosses to the English beside it, and whole Spanish chats
brief like English ones."""

from __future__ import annotations

import pytest
from handoff.agent.offline.spanish import gloss, lexicon, reads_as_spanish


@pytest.mark.parametrize("entry", lexicon().glosses, ids=lambda e: e.example[:40])
def test_each_gloss_entry_reads_its_example(entry):
    assert entry.expected.casefold() in gloss(entry.example).casefold()


@pytest.mark.parametrize(("text", "spanish"), [
    ("busco una troca para el viernes", True),
    ("no más de 400 al mes por favor", True),
    ("mi esposa tiene que verla", True),
    ("I want the RAV4, text me", False),
    ("la Civic", False),
    ("my wife Maria has to see it first", False),
])
def test_spanish_is_told_from_english(text, spanish):
    assert reads_as_spanish(text) is spanish


@pytest.mark.parametrize(("text", "english"), [
    ("no más de cuatrocientos cincuenta al mes", "no more than 450 a month"),
    ("tengo dos mil de enganche", "I have 2000 down"),
    ("tengo una Civic 2015 para dar a cambio", "I have a Civic 2015 to trade in"),
    ("mi esposa Yesenia tiene que verla", "my wife Yesenia has to see it"),
    ("la necesito para el viernes", "I need it by Friday"),
])
def test_whole_sentences_gloss(text, english):
    assert gloss(text) == english
