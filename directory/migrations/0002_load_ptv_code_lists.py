from django.db import migrations

from directory.codes import FILES, load_codes


def load(apps, schema_editor):
    for name, filename in FILES.items():
        load_codes(apps.get_model("directory", name), filename)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_service_directory")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
