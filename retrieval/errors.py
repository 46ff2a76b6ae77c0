from __future__ import annotations

from pydantic import ValidationError


class IngestError(ValueError):
    """Input that cannot be turned into messages; the text is the one line a user sees."""


def first_problem(exc: ValidationError, whole: str) -> str:
    """A pydantic error as one line: the first field at fault and what is wrong with it."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or whole
    return f"{where}: {first['msg']}"
