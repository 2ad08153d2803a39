"""`manage.py ptv_import [--municipality CODE ...] [--dry-run]`: the directory from PTV v11.

Thin: reads PTV through `directory.ptv.client.V11HttpClient` at `PTV_API_URL` and writes
through `directory.ptv.importer`. By default every municipality of the network.
"""

import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.ptv.client import PtvUnavailable, V11HttpClient
from directory.ptv.importer import ImportSummary, ptv_import
from venues.models import Municipality


class Command(BaseCommand):
    help = (
        "Import the network's services and their channels from the Finnish Service Catalogue "
        "(PTV v11, PTV_API_URL). Each service is written in its own transaction; malformed records "
        "are refused and listed; services PTV no longer lists are unpublished, never deleted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="CODE",
            help="A three-digit municipality code (repeatable). Default: every municipality of the network.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything, write nothing."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["municipality"]
        known = set(Municipality.objects.values_list("code", flat=True))
        if not codes:
            codes = sorted(known)
        unknown = sorted(set(codes) - known)
        if unknown:
            raise CommandError(f"Not municipalities of the network: {', '.join(unknown)}")
        if not codes:
            raise CommandError("The network has no municipalities yet; run seed_demo or add them first.")
        client = V11HttpClient(
            settings.PTV_API_URL, timeout=settings.PTV_TIMEOUT_SECONDS, retries=settings.PTV_RETRIES
        )
        stream = getattr(self.stderr, "_out", sys.stderr)
        quiet = options["no_progress"] or options["verbosity"] == 0 or not stream.isatty()
        with tqdm(desc="ptv_import", unit="record", file=stream, disable=quiet) as bar:

            def on_total(total: int) -> None:
                bar.reset(total=total)

            def on_step(label: str) -> None:
                bar.set_postfix_str(label, refresh=False)
                bar.update()

            try:
                summary = ptv_import(
                    source=client,
                    municipality_codes=codes,
                    dry_run=options["dry_run"],
                    on_step=on_step,
                    on_total=on_total,
                )
            except PtvUnavailable as exc:
                raise CommandError(f"{exc}. Nothing more was written; run the import again later.") from exc
        self._summarize(summary, client.requests_made)

    def _summarize(self, summary: ImportSummary, requests_made: int) -> None:
        out = self.stdout
        title = "PTV import (dry run, nothing written)" if summary.dry_run else "PTV import"
        out.write(self.style.SUCCESS(f"{title}: municipalities {', '.join(summary.municipalities)}"))
        out.write(f"  {'':<15}{'created':>9}{'updated':>9}{'unchanged':>11}{'unpublished':>13}{'refused':>9}")
        for label, tally in (
            ("services", summary.services),
            ("channels", summary.channels),
            ("organizations", summary.organizations),
        ):
            out.write(
                f"  {label:<15}{tally.created:>9}{tally.updated:>9}{tally.unchanged:>11}"
                f"{tally.unpublished:>13}{tally.refused:>9}"
            )
        if summary.skipped_channels:
            out.write(f"  printable forms skipped: {summary.skipped_channels}")
        out.write(f"  HTTP requests: {requests_made}")
        for what, ptv_id, reason in summary.refusals:
            out.write(self.style.WARNING(f"  refused {what} {ptv_id}: {reason}"))
