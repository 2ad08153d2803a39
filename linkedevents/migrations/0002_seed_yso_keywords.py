"""Seed the YSO keywords (linkedevents/data/yso_family_terms.tsv) and the mapping of our values to them.

Finnish labels come from the TSV as given; Swedish and English are YSO's where known, else
left empty (the API then leaves that language out). Rows the TSV marks NOT FOUND are skipped.
Later edits belong in the admin; reapplying this keeps them (get_or_create).
"""

import csv
from pathlib import Path

from django.db import migrations

TSV = Path(__file__).resolve().parent.parent / "data" / "yso_family_terms.tsv"

LABELS = {  # id: (sv, en)
    "yso:p4354": ("barn (åldersgrupper)", "children (age groups)"),
    "yso:p13050": ("barnfamiljer", "families with children"),
    "yso:p20513": ("", "families with babies"),
    "yso:p15937": ("spädbarn", "babies"),
    "yso:p4363": ("familjer", "families"),
    "yso:p6915": ("barn i lekåldern", ""),
    "yso:p16485": ("skolelever", "schoolchildren"),
    "yso:p11617": ("unga", "young people"),
    "yso:p12878": ("kamratstöd", "peer support"),
    "yso:p12877": ("kamratgrupper", "peer groups"),
    "yso:p7642": ("klubbar", "clubs"),
    "yso:p316": ("lek", "play"),
    "yso:p8105": ("lekparker", "playgrounds"),
    "yso:p14004": ("samtal", "conversation"),
    "yso:p14710": ("sagostunder", "story hours"),
    "yso:p3577": ("stödpersoner", "support persons"),
    "yso:p6165": ("invandrare", "immigrants"),
    "yso:p7179": ("personer med funktionsnedsättning", "disabled people"),
    "yso:p1947": ("välbefinnande", "well-being"),
    "yso:p916": ("motion", "physical training"),
    "yso:p1808": ("musik", "music"),
    "yso:p9270": ("kurser", "courses"),
    "yso:p19245": ("verkstäder", "workshops"),
    "yso:p26626": ("distansdeltagande", "remote participation"),
}
FI_OVERRIDES = {"yso:p26626": "etäosallistuminen"}  # the TSV gives a description, not the label

# (kind, value, keyword, role): our Group.Topic / Group.Audience values and age bands in months.
MAPPING = [
    ("topic", "peer_support", "yso:p12878", "keywords"),
    ("topic", "peer_support", "yso:p12877", "keywords"),
    ("topic", "open_meeting_place", "yso:p316", "keywords"),
    ("topic", "open_meeting_place", "yso:p14004", "keywords"),
    ("topic", "parenting", "yso:p14004", "keywords"),
    ("topic", "parenting", "yso:p1947", "keywords"),
    ("topic", "baby_massage", "yso:p1947", "keywords"),
    ("topic", "music_and_play", "yso:p1808", "keywords"),
    ("topic", "music_and_play", "yso:p316", "keywords"),
    ("topic", "outdoor", "yso:p916", "keywords"),
    ("topic", "information", "yso:p14004", "keywords"),
    ("topic", "mobile", "yso:p316", "keywords"),
    ("topic", "mobile", "yso:p14004", "keywords"),
    ("audience", "families", "yso:p13050", "audience"),
    ("audience", "expecting", "yso:p13050", "audience"),
    ("audience", "dads", "yso:p13050", "audience"),
    ("audience", "mums", "yso:p13050", "audience"),
    ("audience", "grandparents", "yso:p4363", "audience"),
    ("audience", "multiple_birth", "yso:p13050", "audience"),
    ("age", "0-12", "yso:p20513", "audience"),
    ("age", "0-12", "yso:p15937", "audience"),
    ("age", "13-83", "yso:p6915", "audience"),
    ("age", "84-155", "yso:p16485", "audience"),
    ("age", "156-216", "yso:p11617", "audience"),
]


def seed(apps, schema_editor):
    Keyword = apps.get_model("linkedevents", "Keyword")
    KeywordMapping = apps.get_model("linkedevents", "KeywordMapping")
    with TSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            keyword_id = row["yso_id"].strip()
            if not keyword_id.startswith("yso:"):
                continue
            label = FI_OVERRIDES.get(keyword_id, row["label_fi (as given in source)"].strip())
            sv, en = LABELS.get(keyword_id, ("", ""))
            Keyword.objects.get_or_create(
                id=keyword_id,
                defaults={"name": label, "name_fi": label, "name_sv": sv or None, "name_en": en or None},
            )
    for kind, value, keyword_id, role in MAPPING:
        KeywordMapping.objects.get_or_create(kind=kind, value=value, keyword_id=keyword_id, role=role)


class Migration(migrations.Migration):
    dependencies = [("linkedevents", "0001_keywords_and_mappings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
