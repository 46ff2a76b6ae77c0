"""Every lexicon entry's examples are its specification: each `match` sentence matches, each `no_match` does not."""

from __future__ import annotations

import pytest
from handoff.agent.offline.cues import cues, lexicon_files

ENTRIES = [(file, cue) for file in lexicon_files() for cue in cues(file).values()]


def test_every_lexicon_entry_has_positive_and_negative_examples():
    assert ENTRIES
    for file, cue in ENTRIES:
        assert cue.description and cue.match and cue.no_match, f"{file}:{cue.name} needs examples of both kinds"


@pytest.mark.parametrize(("file", "cue", "sentence"),
                         [(f, c.name, s) for f, c in ENTRIES for s in c.match], ids=lambda v: str(v)[:40])
def test_lexicon_entry_matches_its_examples(file, cue, sentence):
    assert cues(file)[cue].search(sentence), f"{file}:{cue} should match {sentence!r}"


@pytest.mark.parametrize(("file", "cue", "sentence"),
                         [(f, c.name, s) for f, c in ENTRIES for s in c.no_match], ids=lambda v: str(v)[:40])
def test_lexicon_entry_rejects_its_counterexamples(file, cue, sentence):
    assert not cues(file)[cue].search(sentence), f"{file}:{cue} should not match {sentence!r}"
