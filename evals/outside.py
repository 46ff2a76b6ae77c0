"""Score a folder of eval-format cases the way an outsider does: through the installed command line only.

For every case, in a fresh data folder: `handoff ingest CASE.json`, then `handoff brief --phone/--email/--customer
... --dealer D --json`, and the printed JSON is scored exactly as `handoff eval` scores (same normalisation, same
outcomes). A brief that fails to print counts as an error case, every expected fact missed.

    python -m handoff.evals.outside FOLDER [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .harness import load_cases, summarise
from .score import failed_case, leaks_in, score_case


def _handoff() -> list[str]:
    found = shutil.which("handoff")
    return [found] if found else [sys.executable, "-m", "handoff.api.cli"]


def _identity(case: dict) -> list[str]:
    customer = case.get("customer") or {}
    for flag, key in (("--phone", "phone"), ("--email", "email"), ("--customer", "id")):
        if customer.get(key):
            return [flag, str(customer[key])]
    return ["--customer", str(case.get("id"))]


def brief_from_cli(path: Path, case: dict, data_dir: Path) -> dict:
    env = {**os.environ, "HANDOFF_DATA_DIR": str(data_dir), "HANDOFF_ENGINE": "offline"}
    dealer = ["--dealer", str(case.get("dealer_id") or "default")]
    ingested = subprocess.run([*_handoff(), "ingest", str(path), *dealer], env=env, capture_output=True, text=True,
                              timeout=300)
    if ingested.returncode != 0:
        raise RuntimeError(f"ingest failed: {(ingested.stderr or ingested.stdout).strip()[-300:]}")
    briefed = subprocess.run([*_handoff(), "brief", *_identity(case), *dealer, "--json"], env=env,
                             capture_output=True, text=True, timeout=300)
    if briefed.returncode != 0:
        raise RuntimeError(f"brief failed: {(briefed.stderr or briefed.stdout).strip()[-300:]}")
    return json.loads(briefed.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = parser.parse_args(argv)
    scores = []
    for case in load_cases(args.folder):
        expected = case.data.get("expected") or {}
        with tempfile.TemporaryDirectory(prefix="handoff-outside-") as tmp:
            case_file = Path(tmp) / "case.json"
            case_file.write_text(json.dumps(case.data))
            try:
                brief = brief_from_cli(case_file, case.data, Path(tmp) / "data")
            except Exception as exc:  # noqa: BLE001 - an outsider sees a failure, not a traceback
                scores.append(failed_case(case.id, expected, str(exc)))
                continue
        values = {name: fact.get("value") for name, fact in (brief.get("facts") or {}).items()}
        scored = score_case(case.id, expected, values)
        scored.leaks = leaks_in([json.dumps(brief)], list(expected.get("must_not_contain") or []))
        scores.append(scored)
    report = summarise(scores)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        overall = report["overall"]
        print(f"{overall['cases']} cases · P {overall['precision']:.2f} R {overall['recall']:.2f} "
              f"F1 {overall['f1']:.2f} · {overall['hallucinations']} hallucinations · {overall['leaks']} leaks · "
              f"{overall['errors']} failed")
        for name, field in report["fields"].items():
            print(f"  {name:18} F1 {field['f1']:.2f}  ({field['correct']}-{field['wrong']}-{field['missed']}-"
                  f"{field['hallucinated']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
