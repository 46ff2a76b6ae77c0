"""LLM prompts as versioned files: `<name>-v<version>.md` with a small front matter naming both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    text: str

    @property
    def label(self) -> str:
        return f"{self.name}-v{self.version}"


@lru_cache
def load_prompt(name: str, version: int | None = None) -> Prompt:
    """The named prompt; the highest version unless one is asked for."""
    files = [f for f in resources.files(__package__).iterdir() if re.fullmatch(rf"{re.escape(name)}-v\d+\.md", f.name)]
    if not files:
        raise LookupError(f"no prompt named {name!r} in handoff.prompts")
    versions = {int(f.name.rsplit("-v", 1)[1].removesuffix(".md")): f for f in files}
    chosen = versions[version] if version is not None else versions[max(versions)]
    raw = chosen.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if match is None:
        raise ValueError(f"prompt {chosen.name} has no front matter")
    meta = dict(line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
    return Prompt(meta["name"].strip(), int(meta["version"]), match.group(2).strip())
