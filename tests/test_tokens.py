"""tiktoken runs from the bundled, checked vocabulary and never downloads."""

from __future__ import annotations

import pytest
from handoff.retrieval import tokens


def test_counts_tokens_offline():
    tokens.encoding.cache_clear()
    assert tokens.count_tokens("Mike wants a Silverado under $500 a month.") > 5
    assert tokens.count_tokens("hello", "cl100k_base") == 1


def test_a_tampered_vocabulary_is_refused(monkeypatch):
    tokens.encoding.cache_clear()
    monkeypatch.setattr(tokens, "_bundled_bytes", lambda name: b"bm90IHRoZSByZWFsIGZpbGU= 0\n")
    with pytest.raises(tokens.TokenizerError, match="refusing"):
        tokens.encoding("o200k_base")
    tokens.encoding.cache_clear()
