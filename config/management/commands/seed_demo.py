"""`manage.py seed_demo [--scale N] [--only LAYER]`: load the Varsinais-Suomi demo network and its venues.

Thin on purpose: the network's data is in `venues/demo/network.py`, its writing in
`venues/demo/loader.py`; the venues, rooms, opening hours and accessibility facts
are in `accessibility/demo.py`; the groups, their sessions and the mobile family
centre's tour in `events/demo.py`. This parses options, shows progress, prints a summary.

The command is where the demo is composed from every layer, so it lives in `config`, the
top layer: each app's `demo` module imports only its own and lower layers (`make lint`
checks it), and only this command knows them all.
"""

import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from tqdm import tqdm

from accessibility import demo as venue_demo
from bookings import demo as bookings_demo
from directory.demo import seed_demo_directory
from events import demo as events_demo
from venues.demo.loader import SeedReport, seed_demo_network, step_count

LAYERS = ("network", "venues", "all")  # each includes the ones before it


class Command(BaseCommand):
    help = (
        "Load the Varsinais-Suomi demo network: 5 sub-regions, 27 municipalities, providers of "
        "every kind (county, municipalities, NGOs, parishes, private companies), demo staff "
        "accounts that share one published password, venues with rooms, opening hours and "
        "measured accessibility facts, and groups with their sessions for a term of 20 weeks "
        "from the Monday of the week it first runs (a break week in the middle, a few "
        "cancelled and moved sessions ahead), with the mobile family centre's tour. "
        "Idempotent: running it again, the same day or later, leaves the database as it was. "
        "One transaction."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help=(
                "Multiply the generated data for benchmarks (default 1, the real network; "
                "N adds N-1 local NGO chapters per municipality, with stable slugs such as "
                "mll-turku-2, and N-1 copies of every family centre with its rooms and facts, "
                "such as perhekeskus-varissuo-2), each with a copy of the family centre's "
                "groups and sessions (vauvaperhekerho-varissuo-2). Deterministic; 15 is about "
                "a county (600 groups)."
            ),
        )
        parser.add_argument(
            "--term-weeks",
            type=int,
            default=20,
            metavar="W",
            help=(
                "Length of the demo term in weeks (default 20, at most 52): the whole-term series "
                "run this long, e.g. 52 for benchmarks of a year's horizon."
            ),
        )
        parser.add_argument(
            "--only",
            choices=LAYERS,
            default="all",
            help=(
                "Load only the lower layers (default all): 'network' is the sub-regions, "
                "municipalities, organizations and demo accounts; 'venues' adds the venues, "
                "rooms, opening hours and accessibility facts; 'all' adds the groups, their "
                "sessions and the tour."
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar (on stderr)."
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help=(
                "Run even though DEBUG is off, e.g. on a benchmark database. Never on "
                "production: the demo accounts, one a superuser, have a published password."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: int = options["scale"]
        layers = LAYERS[: LAYERS.index(options["only"]) + 1]
        verbosity: int = options["verbosity"]
        if scale < 1:
            raise CommandError(f"--scale must be a whole number of at least 1, not {scale}.")
        term_weeks: int = options["term_weeks"]
        if not 1 <= term_weeks <= 52:
            raise CommandError(f"--term-weeks must be between 1 and 52, not {term_weeks}.")
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG is off, so this may be a production database, and seed_demo creates a "
                "superuser with a published password. Pass --allow-without-debug if it is not."
            )

        # tqdm redraws one line with carriage returns, so it gets the raw stream:
        # Django's OutputWrapper would add a newline to every write.
        stream = getattr(self.stderr, "_out", sys.stderr)
        quiet = options["no_progress"] or verbosity == 0 or not stream.isatty()
        total = step_count(scale=scale)
        if "venues" in layers:
            total += venue_demo.step_count(scale=scale)
        if "all" in layers:
            total += events_demo.step_count(scale=scale) + bookings_demo.step_count(scale=scale)
        with (
            transaction.atomic(),
            tqdm(total=total, desc="seed_demo", unit="row", file=stream, disable=quiet) as bar,
        ):

            def on_step(label: str) -> None:
                bar.set_postfix_str(label, refresh=False)
                bar.update()

            report = seed_demo_network(scale=scale, on_step=on_step)
            if "venues" in layers:
                venue_demo.seed_demo_venues(scale=scale, report=report, on_step=on_step)
                seed_demo_directory(scale=scale, report=report, on_step=on_step)
            if "all" in layers:
                events_demo.seed_demo_events(
                    scale=scale, report=report, on_step=on_step, term_weeks=term_weeks
                )
                bookings_demo.seed_demo_signups(scale=scale, report=report, on_step=on_step)

        if verbosity > 0:
            self._summarize(report)

    def _summarize(self, report: SeedReport) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo network loaded (Varsinais-Suomi, scale {report.scale})."))
        width = max(16, *(len(label) + 2 for label in report.tallies))
        out.write(f"  {'':<{width}}{'total':>7}{'created':>9}{'updated':>9}{'unchanged':>11}")
        for label, tally in report.tallies.items():
            out.write(
                f"  {label:<{width}}{tally.total:>7}{tally.created:>9}{tally.updated:>9}{tally.unchanged:>11}"
            )
        for label, by_kind in (
            ("organizations", report.organizations_by_kind),
            ("venues", report.venues_by_kind),
        ):
            if by_kind:
                out.write(
                    f"  {label} by kind: {', '.join(f'{kind} {count}' for kind, count in by_kind.items())}"
                )
        for table in report.tables:
            out.write("")
            widths = [max(9, len(column) + 1) for column in table.columns]
            out.write(
                f"  {table.title:<{width}}"
                + "".join(f"{column:>{w}}" for column, w in zip(table.columns, widths, strict=True))
            )
            for label, numbers in table.rows:
                out.write(
                    f"    {label:<{width - 2}}"
                    + "".join(f"{number:>{w}}" for number, w in zip(numbers, widths, strict=True))
                )

        with translation.override(settings.LANGUAGE_CODE):
            login_url = f"{settings.SITE_URL}{reverse('account_login')}"
        out.write("")
        out.write(f"Demo logins at {login_url}, password: {report.password}")
        width = max(len(login.email) for login in report.logins)
        for login in report.logins:
            out.write(f"  {login.email:<{width}}  {login.roles}")
