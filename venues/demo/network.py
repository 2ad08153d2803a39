"""The Varsinais-Suomi (Southwest Finland) demo network, as plain data.

Only data lives here; `venues/demo/loader.py` writes it. Names are the
official ones in Finnish and Swedish; a unilingual Finnish municipality has the
same name in both, and the English name is the Finnish one.

Sources, checked before relying on them:
- Municipality codes (kuntanumero), Swedish names and sub-region membership:
  Statistics Finland's classifications `kunta` and `seutukunta_1_20250101`.
  Note that Aura (019) and Marttila (480) belong to the Loimaa sub-region (025),
  not to the Turku sub-region where the first DESIGN.md draft placed them.
- Sub-region (seutukunta) codes: 021 Åboland-Turunmaa, 022 Salo, 023 Turku,
  024 Vakka-Suomi, 025 Loimaa (Statistics Finland; EU LAU 1 numbers).

Providers are modelled on the real organizations of the region, but their
contact details are fictional: email addresses use the reserved `.invalid`
top-level domain and websites `example.fi`, so a demo can never mail or link a
real office. Phone numbers and business IDs are left blank on purpose: Finland
has no range reserved for fiction, and a made-up Y-tunnus could be someone's.
The two private companies are fictional.
"""

from typing import NamedTuple

DEMO_PASSWORD = "perhekeskus-demo"  # noqa: S105 - published on purpose: demo logins only, never production


class SubRegion(NamedTuple):
    code: str  # Statistics Finland seutukunta code
    slug: str
    name_fi: str
    name_sv: str
    name_en: str


class CountyRow(NamedTuple):
    code: str  # Statistics Finland's hyvinvointialue code
    slug: str
    name_fi: str
    name_sv: str
    name_en: str
    organization: str  # slug of its own organization (kind county)
    regions: tuple[str, ...]  # SubRegion.code values


class MunicipalityRow(NamedTuple):
    code: str  # official kuntanumero
    slug: str
    name_fi: str
    name_sv: str
    genitive_fi: str  # "Turun", for generated names such as "MLL:n Turun yhdistys"
    region: str  # SubRegion.code
    languages: str = "fi"  # official languages, the majority's first (Municipality.languages)


class Provider(NamedTuple):
    slug: str
    kind: str  # an Organization.Kind value
    name_fi: str
    name_sv: str
    name_en: str
    # Its home: one municipality code, one sub-region code, or neither (the whole network).
    municipality: str = ""
    region: str = ""
    website: str = ""
    email: str = ""


class DemoUser(NamedTuple):
    email: str
    first_name: str
    last_name: str
    language: str
    is_superuser: bool = False
    memberships: tuple[tuple[str, str], ...] = ()  # (organization slug, Membership.Role value)


SUB_REGIONS: tuple[SubRegion, ...] = (
    SubRegion(
        "021",
        "aboland-turunmaa",
        "Åboland-Turunmaan seutukunta",
        "Åbolands ekonomiska region",
        "Åboland-Turunmaa sub-region",
    ),
    SubRegion("022", "salo", "Salon seutukunta", "Salo ekonomiska region", "Salo sub-region"),
    SubRegion("023", "turku", "Turun seutukunta", "Åbo ekonomiska region", "Turku sub-region"),
    SubRegion(
        "024",
        "vakka-suomi",
        "Vakka-Suomen seutukunta",
        "Vakka-Finlands ekonomiska region",
        "Vakka-Suomi sub-region",
    ),
    SubRegion("025", "loimaa", "Loimaan seutukunta", "Loimaa ekonomiska region", "Loimaa sub-region"),
)

# The wellbeing services county above the sub-regions: Varha (Statistics Finland's
# hyvinvointialue code 02, Varsinais-Suomen hyvinvointialue). Its coordinators see the whole county.
COUNTIES: tuple[CountyRow, ...] = (
    CountyRow(
        "02",
        "varha",
        "Varsinais-Suomen hyvinvointialue (Varha)",
        "Välfärdsområdet i Egentliga Finland",
        "Wellbeing Services County of Southwest Finland",
        "varsinais-suomen-hyvinvointialue",
        ("021", "022", "023", "024", "025"),
    ),
)

# fmt: off
MUNICIPALITIES: tuple[MunicipalityRow, ...] = (
    # Åboland-Turunmaa (021): the bilingual, Swedish-majority archipelago.
    MunicipalityRow("322", "kemionsaari",  "Kemiönsaari",  "Kimitoön",    "Kemiönsaaren",   "021", "sv,fi"),
    MunicipalityRow("445", "parainen",     "Parainen",     "Pargas",      "Paraisten",      "021", "sv,fi"),
    # Salo (022)
    MunicipalityRow("734", "salo",         "Salo",         "Salo",        "Salon",          "022"),
    MunicipalityRow("761", "somero",       "Somero",       "Somero",      "Someron",        "022"),
    # Turku (023)
    MunicipalityRow("202", "kaarina",      "Kaarina",      "S:t Karins",  "Kaarinan",       "023"),
    MunicipalityRow("423", "lieto",        "Lieto",        "Lundo",       "Liedon",         "023"),
    MunicipalityRow("481", "masku",        "Masku",        "Masku",       "Maskun",         "023"),
    MunicipalityRow("503", "mynamaki",     "Mynämäki",     "Virmo",       "Mynämäen",       "023"),
    MunicipalityRow("529", "naantali",     "Naantali",     "Nådendal",    "Naantalin",      "023"),
    MunicipalityRow("538", "nousiainen",   "Nousiainen",   "Nousis",      "Nousiaisten",    "023"),
    MunicipalityRow("577", "paimio",       "Paimio",       "Pemar",       "Paimion",        "023"),
    MunicipalityRow("680", "raisio",       "Raisio",       "Reso",        "Raision",        "023"),
    MunicipalityRow("704", "rusko",        "Rusko",        "Rusko",       "Ruskon",         "023"),
    MunicipalityRow("738", "sauvo",        "Sauvo",        "Sagu",        "Sauvon",         "023"),
    MunicipalityRow("853", "turku",        "Turku",        "Åbo",         "Turun",          "023", "fi,sv"),
    # Vakka-Suomi (024)
    MunicipalityRow("304", "kustavi",      "Kustavi",      "Gustavs",     "Kustavin",       "024"),
    MunicipalityRow("400", "laitila",      "Laitila",      "Letala",      "Laitilan",       "024"),
    MunicipalityRow("631", "pyharanta",    "Pyhäranta",    "Pyhäranta",   "Pyhärannan",     "024"),
    MunicipalityRow("833", "taivassalo",   "Taivassalo",   "Tövsala",     "Taivassalon",    "024"),
    MunicipalityRow("895", "uusikaupunki", "Uusikaupunki", "Nystad",      "Uudenkaupungin", "024"),
    MunicipalityRow("918", "vehmaa",       "Vehmaa",       "Vemo",        "Vehmaan",        "024"),
    # Loimaa (025)
    MunicipalityRow("019", "aura",         "Aura",         "Aura",        "Auran",          "025"),
    MunicipalityRow("284", "koski-tl",     "Koski Tl",     "Koskis",      "Kosken Tl",      "025"),
    MunicipalityRow("430", "loimaa",       "Loimaa",       "Loimaa",      "Loimaan",        "025"),
    MunicipalityRow("480", "marttila",     "Marttila",     "S:t Mårtens", "Marttilan",      "025"),
    MunicipalityRow("561", "oripaa",       "Oripää",       "Oripää",      "Oripään",        "025"),
    MunicipalityRow("636", "poytya",       "Pöytyä",       "Pöytyä",      "Pöytyän",        "025"),
)
# fmt: on

COUNTY = "county"
MUNICIPAL = "municipality"
NGO = "ngo"
PARISH = "parish"
PRIVATE = "private"


def _mll_chapter(municipality: str, slug: str, genitive_fi: str, name_sv: str, name_fi: str) -> Provider:
    """A local chapter of MLL (Mannerheim League for Child Welfare): family cafés, peer groups."""
    return Provider(
        slug=f"mll-{slug}",
        kind=NGO,
        name_fi=f"MLL:n {genitive_fi} yhdistys",
        name_sv=f"MLL:s lokalförening i {name_sv}",
        name_en=f"Mannerheim League for Child Welfare, {name_fi} branch",
        municipality=municipality,
        website=f"https://{slug}.mll.example.fi/",
        email=f"{slug}@mll.invalid",
    )


PROVIDERS: tuple[Provider, ...] = (
    # --- The wellbeing services county: runs the family centres themselves (Varha). ---
    Provider(
        "varsinais-suomen-hyvinvointialue",
        COUNTY,
        "Varsinais-Suomen hyvinvointialue",
        "Välfärdsområdet i Egentliga Finland",
        "Wellbeing Services County of Southwest Finland",
        website="https://www.varha.example.fi/perhekeskus/",
        email="perhekeskus@varha.invalid",
    ),
    # --- Municipalities: open meeting places in libraries, open kindergartens, leisure services. ---
    Provider(
        "turun-kaupunki",
        MUNICIPAL,
        "Turun kaupunki",
        "Åbo stad",
        "City of Turku",
        municipality="853",
        website="https://www.turku.example.fi/perheet/",
        email="perhepalvelut@turku.invalid",
    ),
    Provider(
        "kaarinan-kaupunki",
        MUNICIPAL,
        "Kaarinan kaupunki",
        "S:t Karins stad",
        "City of Kaarina",
        municipality="202",
        website="https://www.kaarina.example.fi/",
        email="vapaa-aika@kaarina.invalid",
    ),
    Provider(
        "paraisten-kaupunki",
        MUNICIPAL,
        "Paraisten kaupunki",
        "Pargas stad",
        "City of Parainen",
        municipality="445",
        website="https://www.pargas.example.fi/",
        email="familj@pargas.invalid",
    ),
    Provider(
        "salon-kaupunki",
        MUNICIPAL,
        "Salon kaupunki",
        "Salo stad",
        "City of Salo",
        municipality="734",
        website="https://www.salo.example.fi/",
        email="perhetoiminta@salo.invalid",
    ),
    Provider(
        "uudenkaupungin-kaupunki",
        MUNICIPAL,
        "Uudenkaupungin kaupunki",
        "Nystads stad",
        "City of Uusikaupunki",
        municipality="895",
        website="https://www.uusikaupunki.example.fi/",
        email="vapaa-aika@uusikaupunki.invalid",
    ),
    Provider(
        "loimaan-kaupunki",
        MUNICIPAL,
        "Loimaan kaupunki",
        "Loimaa stad",
        "City of Loimaa",
        municipality="430",
        website="https://www.loimaa.example.fi/",
        email="perheet@loimaa.invalid",
    ),
    Provider(
        "kemionsaaren-kunta",
        MUNICIPAL,
        "Kemiönsaaren kunta",
        "Kimitoöns kommun",
        "Municipality of Kemiönsaari",
        municipality="322",
        website="https://www.kimitoon.example.fi/",
        email="fritid@kimitoon.invalid",
    ),
    # --- NGOs ---
    Provider(
        "mll-varsinais-suomen-piiri",
        NGO,
        "MLL:n Varsinais-Suomen piiri",
        "MLL:s distrikt i Egentliga Finland",
        "Mannerheim League for Child Welfare, Southwest Finland district",
        website="https://varsinais-suomi.mll.example.fi/",
        email="varsinais-suomi@mll.invalid",
    ),
    _mll_chapter("853", "turku", "Turun", "Åbo", "Turku"),
    _mll_chapter("202", "kaarina", "Kaarinan", "S:t Karins", "Kaarina"),
    _mll_chapter("680", "raisio", "Raision", "Reso", "Raisio"),
    _mll_chapter("529", "naantali", "Naantalin", "Nådendal", "Naantali"),
    _mll_chapter("423", "lieto", "Liedon", "Lundo", "Lieto"),
    _mll_chapter("445", "parainen", "Paraisten", "Pargas", "Parainen"),
    _mll_chapter("734", "salo", "Salon", "Salo", "Salo"),
    _mll_chapter("895", "uusikaupunki", "Uudenkaupungin", "Nystad", "Uusikaupunki"),
    _mll_chapter("430", "loimaa", "Loimaan", "Loimaa", "Loimaa"),
    Provider(
        "folkhalsan-aboland",
        NGO,
        "Folkhälsan i Åboland",
        "Folkhälsan i Åboland",
        "Folkhälsan in Åboland",
        region="021",
        website="https://www.folkhalsan.example.fi/aboland/",
        email="aboland@folkhalsan.invalid",
    ),
    Provider(
        "monikkoperheet",
        NGO,
        "Monikkoperheet ry",
        "Monikkoperheet ry",
        "Finnish Multiple Births Association",
        website="https://www.monikkoperheet.example.fi/",
        email="vertaistuki@monikkoperheet.invalid",
    ),
    Provider(
        "turun-setlementti",
        NGO,
        "Turun Setlementti ry",
        "Turun Setlementti ry",
        "Turku Settlement Association",
        municipality="853",
        website="https://www.turunsetlementti.example.fi/",
        email="perhetoiminta@turunsetlementti.invalid",
    ),
    Provider(
        "turun-ensi-ja-turvakoti",
        NGO,
        "Turun Ensi- ja turvakoti ry",
        "Turun Ensi- ja turvakoti ry",
        "Turku Mother and Child Home and Shelter",
        municipality="853",
        website="https://www.turunensijaturvakoti.example.fi/",
        email="vauvaperheet@turunensijaturvakoti.invalid",
    ),
    # --- Parishes of the Evangelical Lutheran Church: family clubs, baby song groups. ---
    Provider(
        # Spans Turku and Kaarina, so its home is their sub-region.
        "turun-ja-kaarinan-seurakuntayhtyma",
        PARISH,
        "Turun ja Kaarinan seurakuntayhtymä",
        "Åbo och S:t Karins kyrkliga samfällighet",
        "Turku and Kaarina Parish Union",
        region="023",
        website="https://www.turunseurakunnat.example.fi/",
        email="perhetyo@turunseurakunnat.invalid",
    ),
    Provider(
        "pargas-svenska-forsamling",
        PARISH,
        "Paraisten ruotsalainen seurakunta",
        "Pargas svenska församling",
        "Pargas Swedish Parish",
        municipality="445",
        website="https://www.pargasforsamling.example.fi/",
        email="familj@pargasforsamling.invalid",
    ),
    Provider(
        "kimitoons-forsamling",
        PARISH,
        "Kemiönsaaren seurakunta",
        "Kimitoöns församling",
        "Kimitoön Parish",
        municipality="322",
        website="https://www.kimitoonsforsamling.example.fi/",
        email="familj@kimitoonsforsamling.invalid",
    ),
    Provider(
        "salon-seurakunta",
        PARISH,
        "Salon seurakunta",
        "Salo församling",
        "Salo Parish",
        municipality="734",
        website="https://www.salonseurakunta.example.fi/",
        email="perhetyo@salonseurakunta.invalid",
    ),
    Provider(
        "uudenkaupungin-seurakunta",
        PARISH,
        "Uudenkaupungin seurakunta",
        "Nystads församling",
        "Uusikaupunki Parish",
        municipality="895",
        website="https://www.uudenkaupunginseurakunta.example.fi/",
        email="perhetyo@uudenkaupunginseurakunta.invalid",
    ),
    Provider(
        "loimaan-seurakunta",
        PARISH,
        "Loimaan seurakunta",
        "Loimaa församling",
        "Loimaa Parish",
        municipality="430",
        website="https://www.loimaanseurakunta.example.fi/",
        email="perhetyo@loimaanseurakunta.invalid",
    ),
    # --- Private companies (fictional) ---
    Provider(
        "perhetupa-aurinkoranta",
        PRIVATE,
        "Perhetupa Aurinkoranta Oy",
        "Perhetupa Aurinkoranta Oy",
        "Perhetupa Aurinkoranta Ltd",
        municipality="680",
        website="https://www.aurinkoranta.example.fi/",
        email="info@aurinkoranta.invalid",
    ),
    Provider(
        "vakka-suomen-perhevalmennus",
        PRIVATE,
        "Vakka-Suomen Perhevalmennus Oy",
        "Vakka-Suomen Perhevalmennus Ab",
        "Vakka-Suomi Family Coaching Ltd",
        region="024",
        website="https://www.vakkaperhe.example.fi/",
        email="info@vakkaperhe.invalid",
    ),
)

COORDINATOR = "coordinator"
LEADER = "leader"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin@demo.perhekeskus.invalid", "Aino", "Ylläpitäjä", "fi", is_superuser=True),
    DemoUser(
        "coordinator@demo.perhekeskus.invalid",
        "Kaisa",
        "Virtanen",
        "fi",
        memberships=(("turun-kaupunki", COORDINATOR),),
    ),
    DemoUser(
        "leader@demo.perhekeskus.invalid",
        "Leena",
        "Mäkinen",
        "fi",
        memberships=(("mll-turku", LEADER),),
    ),
    # The county's coordinator sees the whole county's metrics, comparing municipalities and providers.
    DemoUser(
        "county@demo.perhekeskus.invalid",
        "Maria",
        "Lehtonen",
        "fi",
        memberships=(("varsinais-suomen-hyvinvointialue", COORDINATOR),),
    ),
    # A coordinator of a second organization (an NGO): sees only its own groups.
    DemoUser(
        "ngo@demo.perhekeskus.invalid",
        "Sanna",
        "Heikkilä",
        "fi",
        memberships=(("mll-turku", COORDINATOR),),
    ),
    # A Swedish-speaking leader in the archipelago, in two organizations at once.
    DemoUser(
        "ledare@demo.perhekeskus.invalid",
        "Johanna",
        "Lindholm",
        "sv",
        memberships=(("folkhalsan-aboland", LEADER), ("pargas-svenska-forsamling", LEADER)),
    ),
)


def providers(scale: int = 1) -> tuple[Provider, ...]:
    """The providers at `scale`: the real network, plus `scale - 1` generated local
    NGO chapters per municipality for benchmarks ("mll-turku-2", "mll-turku-3", …).

    Deterministic: the same scale always gives the same rows, in the same order.
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    generated = tuple(
        Provider(
            slug=f"mll-{row.slug}-{number}",
            kind=NGO,
            name_fi=f"MLL:n {row.genitive_fi} yhdistys {number}",
            name_sv=f"MLL:s lokalförening i {row.name_sv} {number}",
            name_en=f"Mannerheim League for Child Welfare, {row.name_fi} branch {number}",
            municipality=row.code,
            website=f"https://{row.slug}-{number}.mll.example.fi/",
            email=f"{row.slug}-{number}@mll.invalid",
        )
        for number in range(2, scale + 1)
        for row in MUNICIPALITIES
    )
    return PROVIDERS + generated
