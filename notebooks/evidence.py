"""What the review notebooks share: where the home is, and reading evidence only after it verifies.

Every figure a notebook shows comes from a file signed by scorehouse (run manifests, recon reports,
release artifacts, canary decisions). The signatures are Ed25519 DSSE envelopes; Debian's Python has
no Ed25519 library, so verification is `bin/scorehouse verify`, the same code an auditor runs.
"""
import json
import os
import subprocess
from pathlib import Path

HOME = Path(os.environ.get("SCOREHOUSE_HOME", ".scorehouse")).resolve()


class NothingToReviewError(Exception):
    """The home holds no evidence of the kind a notebook reviews (bin/scorehouse notebooks exits 2)."""


class VerifyFailedError(Exception):
    """`bin/scorehouse verify` failed for a reason other than the evidence's integrity (exit 1, not 5)."""


def require_some(found, message):
    """`found`, unless it is empty: then the home has nothing to review."""
    if not found:
        raise NothingToReviewError(message)
    return found
BIN = os.environ.get("SCOREHOUSE_BIN", str(Path.cwd().parent / "bin" / "scorehouse"))


def verified(option, paths):
    """Runs `bin/scorehouse verify --<option> P ...` over every path; fails naming the first that does not verify."""
    paths = [str(p) for p in paths]
    if not paths:
        return []
    args = [BIN, "verify"]
    for path in paths:
        args += ["--" + option, path]
    run = subprocess.run(args, capture_output=True, text=True)
    refused = [line for line in run.stderr.splitlines() if line.startswith("scorehouse:")]
    why = refused[-1] if refused else run.stderr.strip()
    # exit 5 is the integrity verdict; any other failure says nothing about the evidence
    if run.returncode not in (0, 5):
        raise VerifyFailedError(f"bin/scorehouse verify exited {run.returncode}: {why}")
    assert run.returncode == 0, "unverified evidence, not shown: " + why
    return [line for line in run.stdout.splitlines() if line.startswith("verified ")]


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def latest_reports(first=None, last=None):
    """The current report of each reconciled day (its `latest` run), optionally within [first, last]."""
    days = {}
    for day_dir in sorted((HOME / "reports" / "recon").glob("dt=*")):
        day = day_dir.name[len("dt="):]
        if (first and day < first) or (last and day > last):
            continue
        latest = day_dir / "latest"
        runs = sorted((day_dir / "runs").glob("*")) if (day_dir / "runs").is_dir() else []
        current = latest.resolve() if latest.exists() else (runs[-1] if runs else None)
        if current is not None:
            days[day] = current
    return days


def run_dirs():
    """Every finalized scoring run (its _SUCCESS marker); its manifest must then be signed, or the notebook stops."""
    return sorted(d for d in (HOME / "runs").glob("*") if (d / "_SUCCESS").is_file())


def signed_json(directory, envelope, name):
    """Reads `name` only if `envelope` (the one `verify` checked in `directory`) signs it with its current digest."""
    import base64
    import hashlib

    directory = Path(directory)
    path = directory / envelope
    assert path.is_file(), f"{path}: no such envelope, so {directory / name} is not signed"
    statement = json.loads(base64.b64decode(read_json(path)["payload"]))
    digests = {s["name"]: s["digest"]["sha256"] for s in statement["subject"]}
    data = (directory / name).read_bytes()
    assert digests.get(name) == hashlib.sha256(data).hexdigest(), f"{directory / name}: not signed by {envelope}"
    return json.loads(data)
