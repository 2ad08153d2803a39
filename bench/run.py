"""Run every benchmark in bench/ (bench_*.py) and print its numbers.

Each benchmark builds its own database (SQLite in a temporary directory by
default, or DATABASE_URL), so it never touches var/db.sqlite3. Numbers are
medians over repeated requests through Django's full request stack, each with
a baseline measured in the same process, so ratios compare across machines.
bench_signups is the exception: it drives gunicorn over HTTP against a PostgreSQL
database it creates and drops (BENCH_PG_URL), and is skipped without PostgreSQL.
"""

import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    names = argv or sorted(p.stem for p in HERE.glob("bench_*.py"))
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {module.__doc__.strip().splitlines()[0]}")
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
