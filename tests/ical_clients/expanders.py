"""Three independent iCalendar parsers that expand a feed the way subscribers' clients do.

- `icaljs`: Mozilla ical.js (Thunderbird, Nextcloud web), `js/expand.mjs` under node;
  its npm dependencies are installed with `npm ci` when `js/node_modules` is missing.
- `libical`: libical (Evolution, KDE), `libical/expand.c`, compiled with gcc against
  Debian's `libical-dev` into a cache directory keyed by the source's hash.
- `python`: Python icalendar + recurring-ical-events.

Each expander takes the feed's bytes and a window [start, end) and returns the
occurrences starting in it, normalized to `Occurrence` (UTC instants, unescaped SUMMARY,
STATUS), sorted. A missing tool skips the tests that need it, with the reason, except
under CI=true, where it fails them.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
from icalendar import Calendar

HERE = Path(__file__).resolve().parent
JS_DIR = HERE / "js"
C_SOURCE = HERE / "libical" / "expand.c"
PARSERS = ("icaljs", "libical", "python")


class Occurrence(NamedTuple):
    uid: str
    recurrence_id: dt.datetime | None
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    summary: str
    status: str | None

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"


Expander = Callable[[bytes, dt.datetime, dt.datetime], list[Occurrence]]


class Unavailable(Exception):
    """A parser's tool chain is missing on this machine."""


def _utc(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)


def _from_json_lines(output: str) -> list[Occurrence]:
    occurrences = []
    for line in output.splitlines():
        row = json.loads(line)
        occurrences.append(
            Occurrence(
                uid=row["uid"],
                recurrence_id=_utc(row["recurrence_id"]),
                start=_utc(row["start_utc"]),
                end=_utc(row["end_utc"]),
                summary=row["summary"],
                status=row["status"],
            )
        )
    return sorted(occurrences, key=lambda o: (o.start, o.uid))


def _run(command: list[str], data: bytes, *, cwd: Path | None = None) -> str:
    result = subprocess.run(command, input=data, capture_output=True, cwd=cwd, timeout=60, check=False)
    if result.returncode != 0:
        raise AssertionError(
            f"{command[0]} failed ({result.returncode}): {result.stderr.decode(errors='replace')}"
        )
    return result.stdout.decode()


# --- ical.js -------------------------------------------------------------------------------------


@cache
def _node() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise Unavailable("ical.js needs node and npm (Debian: apt-get install nodejs npm)")
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, capture_output=True, timeout=300, check=False
        )
        if result.returncode != 0:
            raise Unavailable(f"`npm ci` in {JS_DIR} failed: {result.stderr.decode(errors='replace')[-800:]}")
    return node


def icaljs(data: bytes, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    window = [str(int(moment.timestamp())) for moment in (start, end)]
    return _from_json_lines(_run([_node(), str(JS_DIR / "expand.mjs"), *window], data))


# --- libical -------------------------------------------------------------------------------------


@cache
def _libical_binary() -> Path:
    gcc = shutil.which("gcc") or shutil.which("cc")
    if not gcc:
        raise Unavailable("libical's expander needs a C compiler (apt-get install gcc)")
    if not Path("/usr/include/libical/ical.h").exists():
        raise Unavailable("libical's expander needs libical's headers (apt-get install libical-dev)")
    source = C_SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    binary = Path(tempfile.gettempdir()) / f"perhekeskus-ical-clients-{os.getuid()}" / f"expand-{digest}"
    if not binary.exists():
        binary.parent.mkdir(parents=True, exist_ok=True)
        partial = binary.with_suffix(f".{os.getpid()}")
        result = subprocess.run(
            [gcc, "-O1", "-std=c11", "-D_DEFAULT_SOURCE", "-o", str(partial), str(C_SOURCE), "-lical"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise Unavailable(
                f"compiling {C_SOURCE.name} failed: {result.stderr.decode(errors='replace')[-800:]}"
            )
        partial.replace(binary)  # atomic: a parallel run never executes half a file
    return binary


def libical(data: bytes, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    window = [str(int(moment.timestamp())) for moment in (start, end)]
    return _from_json_lines(_run([str(_libical_binary()), *window], data))


# --- Python icalendar + recurring-ical-events --------------------------------------------------


@cache
def _recurring_ical_events():
    try:
        import recurring_ical_events  # an optional dev dependency
    except ImportError as error:
        raise Unavailable("recurring-ical-events is not installed (requirements/dev.txt)") from error
    return recurring_ical_events


def python(data: bytes, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
    calendar = Calendar.from_ical(data)
    # recurring-ical-events gives single events a RECURRENCE-ID too; the others don't.
    series = {str(event["UID"]) for event in calendar.walk("VEVENT") if "RRULE" in event}
    occurrences = []
    for event in _recurring_ical_events().of(calendar).between(start, end):
        begins = event["DTSTART"].dt.astimezone(dt.UTC)
        if not start <= begins < end:  # `between` also returns events that only overlap the window
            continue
        recurrence_id = event.get("RECURRENCE-ID") if str(event["UID"]) in series else None
        occurrences.append(
            Occurrence(
                uid=str(event["UID"]),
                recurrence_id=recurrence_id.dt.astimezone(dt.UTC) if recurrence_id else None,
                start=begins,
                end=event["DTEND"].dt.astimezone(dt.UTC),
                summary=str(event["SUMMARY"]),
                status=str(event["STATUS"]) if "STATUS" in event else None,
            )
        )
    return sorted(occurrences, key=lambda o: (o.start, o.uid))


EXPANDERS: dict[str, Expander] = {"icaljs": icaljs, "libical": libical, "python": python}
_PREPARE = {"icaljs": _node, "libical": _libical_binary, "python": _recurring_ical_events}


def require(name: str) -> Expander:
    """The expander `name`, its tools prepared; skips (fails under CI=true) when they are missing."""
    try:
        _PREPARE[name]()
    except Unavailable as missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{name}: {missing} (CI=true: cross-client tools must be installed)")
        pytest.skip(f"{name}: {missing}")
    return EXPANDERS[name]


def timed(
    expander: Expander, data: bytes, start: dt.datetime, end: dt.datetime
) -> tuple[list[Occurrence], float]:
    began = time.perf_counter()
    occurrences = expander(data, start, end)
    return occurrences, time.perf_counter() - began
