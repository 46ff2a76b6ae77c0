"""Lint and types are part of the suite, so CI's one test command checks them: ruff over the tree, mypy over the
package (a None that reaches `.casefold()` is a type error before it is a traceback in a customer's brief)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run(sys.executable, "-m", "ruff", "check", "agent", "api", "retrieval", "evals", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = _run(sys.executable, "-m", "mypy", "agent", "api", "retrieval", "evals")
    assert result.returncode == 0, result.stdout + result.stderr
