from django.db import migrations

from directory.guidance_seed import seed_situations


def seed(apps, schema_editor):
    seed_situations(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_help_situations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
