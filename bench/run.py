"""Run every benchmark in bench/ (bench_*.py), each in its own process, at each scale, and summarize.

    .venv/bin/python bench/run.py                      # all, at county scale and at --scale 150
    BENCH_SCALES=15 .venv/bin/python bench/run.py bench_session_search bench_extend

A process of its own per benchmark and scale: Django is set up once per process, and a
benchmark turns DEBUG off after seeding, so a second one in the same process could not seed.
Scales come from BENCH_SCALES (default "15 150": a county, about all of Finland). Each
benchmark builds its own database (SQLite in a temporary directory by default, or a scratch
database beside DATABASE_URL's on PostgreSQL) from the seed cache of bench/common.py, so
`--scale 150` is seeded once a day, not once per benchmark; it never touches var/db.sqlite3.
Figures are medians through Django's whole request stack, each printed beside its baseline
measured in the same process, so ratios compare across machines; the summary at the end
lists them all again with the goals of issue 14. Each process's wall time and peak resident
memory are printed after it.

bench_signups picks its own database and scale (gunicorn against PostgreSQL, BENCH_PG_URL)
and runs once, at BENCH_SIGNUPS_SCALE if set.
"""

import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.common import SUMMARY_PREFIX  # noqa: E402 - after the path is set

# Benchmarks that choose their own scale and database: run once.
OWN_SCALE = {"bench_signups": "BENCH_SIGNUPS_SCALE"}


def _run_one(name: str, scale: str | None) -> tuple[list[dict], str]:
    env = dict(os.environ)
    if scale is not None:
        env["BENCH_SCALE"] = scale
    elif env.get(OWN_SCALE[name]):
        env["BENCH_SCALE"] = env[OWN_SCALE[name]]
    else:
        env.pop("BENCH_SCALE", None)
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.{name} import main; main()"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    figures = []
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(SUMMARY_PREFIX):
            figures.append(json.loads(line[len(SUMMARY_PREFIX) :]))
        else:
            print(line, end="", flush=True)
    # wait4, not wait: the child's own resource usage, its peak resident memory among it.
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    took = time.perf_counter() - started
    footer = f"{took:.0f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MiB"
    if process.returncode:
        footer += f", FAILED (exit {process.returncode})"
    print(f"   ({name}{'' if scale is None else f' at scale {scale}'}: {footer})", flush=True)
    for figure in figures:
        figure["scale"] = scale or env.get("BENCH_SCALE", "")
    return figures, footer


def _summary(figures: list[dict]) -> None:
    print("\n== summary: each figure beside its baseline in the same process")
    head = (
        f"   {'benchmark':22s} {'scale':>5s}  {'figure':40s} {'value':>10s} {'baseline':>10s} {'ratio':>7s}"
    )
    print(head + "  goal")
    for f in figures:
        baseline = f"{f['baseline']:.2f}" if f.get("baseline") else ""
        ratio = f"×{f['value'] / f['baseline']:.1f}" if f.get("baseline") else ""
        value = f"{f['value']:.2f} {f['unit']}"
        queries = f", {f['queries']} q" if f.get("queries") is not None else ""
        print(
            f"   {f['bench']:22s} {f['scale']:>5s}  {f['label'] + queries:40s} {value:>10s} {baseline:>10s} "
            f"{ratio:>7s}  {f.get('goal', '')}"
        )


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in HERE.glob("bench_*.py"))
    scales = os.environ.get("BENCH_SCALES", "15 150").split()
    figures: list[dict] = []
    failed = []
    for name in names:
        module_doc = (HERE / f"{name}.py").read_text().split('"""')[1].strip().splitlines()[0]
        for scale in [None] if name in OWN_SCALE else scales:
            print(f"== {name}{'' if scale is None else f' (scale {scale})'}: {module_doc}", flush=True)
            found, footer = _run_one(name, scale)
            figures += found
            if "FAILED" in footer:
                failed.append(f"{name} {scale or ''}".strip())
    _summary(figures)
    if failed:
        print(f"\n   failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
