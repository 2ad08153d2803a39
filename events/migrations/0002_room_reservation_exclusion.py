"""On PostgreSQL, the database itself refuses overlapping active reservations of a room.

An exclusion constraint over tstzrange(start, end, '[)') and the room (btree_gist
for the equality part). SQLite has no such constraint; there the service checks
inside an IMMEDIATE transaction. Both backends run the same service code.
"""

from django.db import migrations

CONSTRAINT = "reservation_no_overlap_per_room"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE events_roomreservation ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (room_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) WHERE (is_active)"
    )


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE events_roomreservation DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, remove_constraint)]
