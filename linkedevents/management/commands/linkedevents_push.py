"""Push the network's upcoming sessions into a Linked Events instance: `linkedevents_push --instance NAME`."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from linkedevents.push.config import ConfigError, instance_config
from linkedevents.push.run import push


class Command(BaseCommand):
    help = (
        "Create, update, cancel and delete our sessions in a Linked Events instance "
        "(settings: LINKEDEVENTS_INSTANCES)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instance", required=True, help="a key of LINKEDEVENTS_INSTANCES, e.g. turku")
        parser.add_argument(
            "--dry-run", action="store_true", help="read the instance, write nothing, print the plan"
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            instance = instance_config(str(options["instance"]))
        except ConfigError as error:
            raise CommandError(str(error)) from error
        summary = push(instance, dry_run=bool(options["dry_run"]))
        for line in summary.lines():
            self.stdout.write(line)
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} events failed; see above.")
