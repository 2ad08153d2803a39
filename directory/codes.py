"""PTV's code lists (service classes, target groups, life events) from `directory/data/ptv/*.tsv`.

Each TSV line: code, Finnish label, English label, URI. Loaded by the app's data migration
and again, idempotently, by `ptv_import` and the demo, so a flushed test database or a
newer TSV still yields complete tables. Plain functions over a model class, so the
migration can pass its historical models.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "ptv"
FILES = {
    "ServiceClass": "ServiceClasses.tsv",
    "TargetGroup": "TargetGroups.tsv",
    "LifeEvent": "LifeEvents.tsv",
}


def read_codes(filename: str) -> list[tuple[str, str, str, str]]:
    """The valid rows of one TSV, one per code.

    The 2022 snapshot has a row without a URI ("P7.12 Ulosotto … None") beside the real
    P7.12: a row whose URI is not PTV's is skipped, because services are matched by code
    and the URI is what we write back to PTV.
    """
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row]
    codes: dict[str, tuple[str, str, str, str]] = {}
    for code, fi, en, uri in ((cell.strip() for cell in row) for row in rows):
        if uri.startswith("http://uri.suomi.fi/codelist/ptv/") and code not in codes:
            codes[code] = (code, fi, en, uri)
    return list(codes.values())


def load_codes(model: type, filename: str) -> int:
    """Insert missing codes and refresh labels of known ones; returns how many rows changed."""
    existing = {row.code: row for row in model.objects.all()}
    changed = 0
    new = []
    for code, fi, en, uri in read_codes(filename):
        row = existing.get(code)
        if row is None:
            new.append(model(code=code, label_fi=fi, label_en=en, uri=uri))
        elif (row.label_fi, row.label_en, row.uri) != (fi, en, uri):
            row.label_fi, row.label_en, row.uri = fi, en, uri
            row.save(update_fields=["label_fi", "label_en", "uri"])
            changed += 1
    model.objects.bulk_create(new)
    return changed + len(new)


def ensure_codes() -> None:
    """Make sure the reference tables are loaded (cheap when they are: three counts)."""
    from directory import models

    for name, filename in FILES.items():
        model = getattr(models, name)
        if model.objects.count() < len(read_codes(filename)):
            load_codes(model, filename)
