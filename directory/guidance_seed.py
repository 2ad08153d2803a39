# ruff: noqa: E501 - plain-language sentences, one a line
"""The starting mapping of "What help fits us?": each situation to PTV codes and group topics.

Used by the data migration `0004_seed_help_situations` and by seed_demo; written for historical
models (`apps`), so it takes the app registry. Inserts the situations that are missing and never
overwrites one a coordinator has edited.
"""

from typing import Any

# situation: (first contact classes, service classes, life events, target groups, group topics,
#             advice fi, advice sv, advice en)
SITUATIONS: dict[str, tuple] = {
    "pregnancy": (
        ("P5.2",),
        ("P5.2", "P3.2"),
        ("KE1",),
        (),
        ("information", "peer_support", "parenting"),
        "Neuvola on raskausajan tärkein tuki: sieltä saat terveystarkastukset ja perhevalmennuksen.",
        "Rådgivningen är det viktigaste stödet under graviditeten: där får ni hälsokontroller och familjeförberedelse.",
        "The child health clinic (neuvola) is your main support in pregnancy: check-ups and antenatal classes.",
    ),
    "new_baby": (
        ("P5.2",),
        ("P5.2", "P3.2", "P4.12", "P3.6"),
        ("KE1",),
        (),
        ("peer_support", "baby_massage", "open_meeting_place", "music_and_play"),
        "Neuvola auttaa vauvan hoidossa ja omassa jaksamisessa. Vauvaryhmissä tapaat muita perheitä.",
        "Rådgivningen hjälper med babyns skötsel och med hur ni själva orkar. I babygrupper träffar ni andra familjer.",
        "The clinic (neuvola) helps with caring for your baby and yourselves. In baby groups you meet other families.",
    ),
    "sleep_feeding": (
        ("P5.2",),
        ("P5.2", "P5.16", "P4.12"),
        ("KE1",),
        (),
        ("peer_support", "information", "parenting"),
        "Univaikeudet, imetys ja itku ovat tavallisia huolia. Kysy neuvolasta: et ole yksin.",
        "Sömn, amning och gråt är vanliga bekymmer. Fråga rådgivningen: ni är inte ensamma.",
        "Sleep, feeding and crying are common worries. Ask the clinic (neuvola): you are not alone.",
    ),
    "twins": (
        ("P5.2",),
        ("P5.2", "P3.6", "P4.12"),
        ("KE1",),
        (),
        ("peer_support", "open_meeting_place"),
        "Monikkoperhe saa neuvolasta tukea, ja perhetyöstä tai kotipalvelusta voi saada apua arkeen.",
        "En flerlingsfamilj får stöd av rådgivningen, och familjearbetet eller hemservicen kan hjälpa i vardagen.",
        "Families with twins get support from the clinic, and family work or home help can help with daily life.",
    ),
    "special_needs": (
        ("P3.7", "P5.2"),
        ("P3.7", "P3.6", "P5.2"),
        ("KE11",),
        ("KR1.2", "KR1.6", "KR1.4"),
        ("peer_support", "information"),
        "Lapsen sairaus tai erityinen tuen tarve kuormittaa koko perhettä. Neuvola ja perheneuvola ohjaavat eteenpäin.",
        "Ett barns sjukdom eller särskilda behov tar på hela familjen. Rådgivningen och familjerådgivningen hjälper er vidare.",
        "A child's illness or special needs weighs on the whole family. The clinic and family counselling guide you on.",
    ),
    "relationship": (
        ("P3.7", "P3.1"),
        ("P3.1", "P3.5", "P3.7"),
        ("KE7",),
        (),
        ("parenting", "peer_support"),
        "Parisuhteen kriisissä tai erotessa voitte saada keskusteluapua ja sovittelua maksutta.",
        "Vid en kris i parrelationen eller en skilsmässa kan ni få samtalsstöd och medling gratis.",
        "In a relationship crisis or a separation you can get free counselling and mediation.",
    ),
    "new_in_finland": (
        ("P5.2", "P4.11"),
        ("P4.11", "P5.2", "P4.12"),
        ("KE5",),
        (),
        ("open_meeting_place", "peer_support", "music_and_play"),
        "Jokainen perhe saa käyttää neuvolaa. Avoimissa kohtaamispaikoissa voit tutustua muihin perheisiin.",
        "Alla familjer får använda rådgivningen. På öppna mötesplatser kan ni lära känna andra familjer.",
        "Every family may use the clinic (neuvola). At open meeting places you can get to know other families.",
    ),
    "parent_wellbeing": (
        ("P5.17", "P5.7"),
        ("P5.7", "P5.17", "P4.12", "P3.7"),
        ("KE1",),
        (),
        ("peer_support", "parenting"),
        "Väsymys ja huoli kuuluvat vanhemmuuteen, mutta niiden kanssa ei tarvitse jäädä yksin. Soita tai kirjoita.",
        "Trötthet och oro hör till föräldraskapet, men ni behöver inte vara ensamma med dem. Ring eller skriv.",
        "Tiredness and worry are part of parenthood, but you need not face them alone. Call or write.",
    ),
    "company": (
        ("P4.12",),
        ("P4.12", "P25.5", "P25.6"),
        ("KE1",),
        (),
        ("open_meeting_place", "music_and_play", "outdoor", "peer_support"),
        "Avoimiin kohtaamispaikkoihin ja perhekerhoihin voi tulla ilman ilmoittautumista.",
        "Till öppna mötesplatser och familjeklubbar kan ni komma utan anmälan.",
        "You can come to open meeting places and family clubs without signing up.",
    ),
}


def seed_situations(apps: Any) -> int:
    """Create the situations that are missing; returns how many were created."""
    situation_model = apps.get_model("directory", "HelpSituation")
    service_class = apps.get_model("directory", "ServiceClass")
    life_event = apps.get_model("directory", "LifeEvent")
    target_group = apps.get_model("directory", "TargetGroup")
    existing = set(situation_model.objects.values_list("situation", flat=True))
    created = 0
    for position, (key, row) in enumerate(SITUATIONS.items()):
        if key in existing:
            continue
        first, classes, events, groups, topics, fi, sv, en = row
        situation = situation_model.objects.create(
            situation=key,
            position=position,
            group_topics=",".join(topics),
            advice=fi,
            advice_fi=fi,
            advice_sv=sv,
            advice_en=en,
        )
        situation.first_contact_classes.set(service_class.objects.filter(code__in=first))
        situation.service_classes.set(service_class.objects.filter(code__in=classes))
        situation.life_events.set(life_event.objects.filter(code__in=events))
        situation.target_groups.set(target_group.objects.filter(code__in=groups))
        created += 1
    return created
