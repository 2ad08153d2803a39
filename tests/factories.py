"""factory_boy factories shared by the whole suite."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from events.models import Group, Session
from venues.models import Membership, Municipality, Organization, Region, Room, Venue, VenuePhoto


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.fi")
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    name_fi = factory.Sequence(lambda n: f"Seutukunta {n}")
    name_sv = factory.Sequence(lambda n: f"Region {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")
    slug = factory.Sequence(lambda n: f"kunta-{n}")
    name_fi = factory.Sequence(lambda n: f"Kunta {n}")
    name_sv = factory.Sequence(lambda n: f"Kommun {n}")
    region = factory.SubFactory(RegionFactory)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_fi = factory.Sequence(lambda n: f"Järjestö {n} ry")
    slug = factory.Sequence(lambda n: f"jarjesto-{n}")
    kind = Organization.Kind.NGO
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.LEADER


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name_fi = factory.Sequence(lambda n: f"Perhekeskus {n}")
    slug = factory.Sequence(lambda n: f"perhekeskus-{n}")
    kind = Venue.Kind.FAMILY_CENTRE
    organization = factory.SubFactory(OrganizationFactory)
    municipality = factory.SelfAttribute("organization.municipality")
    street_address_fi = factory.Sequence(lambda n: f"Kauppiaskatu {n + 1}")
    postal_code = "20100"
    post_office_fi = "Turku"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name_fi = factory.Sequence(lambda n: f"Perhehuone {n}")
    capacity_people = 20
    pram_spaces = 6


class VenuePhotoFactory(factory.django.DjangoModelFactory):
    """A photo row pointing at stored files by name: no image is decoded or written."""

    class Meta:
        model = VenuePhoto

    venue = factory.SubFactory(VenueFactory)
    image = factory.Sequence(lambda n: f"venues/photos/photo-{n}.jpg")
    width = 2400
    height = 1600
    renditions = factory.LazyAttribute(
        lambda photo: {
            str(width): photo.image.removesuffix(".jpg") + f"-{width}.webp" for width in (480, 960, 1600)
        }
    )
    alt_text_fi = factory.Sequence(lambda n: f"Sisäänkäynti {n}, luiska vasemmalla")


# --- events -----------------------------------------------------------------------------------------


class GroupFactory(factory.django.DjangoModelFactory):
    """A group of an organization; pass `leaders=[user, …]` to make people its leaders."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    title_fi = factory.Sequence(lambda n: f"Vauvaryhmä {n}")
    slug = factory.Sequence(lambda n: f"vauvaryhma-{n}")
    organization = factory.SubFactory(OrganizationFactory)
    topic = Group.Topic.PEER_SUPPORT
    audience = Group.Audience.FAMILIES
    age_min_months = 0
    age_max_months = 12

    @factory.post_generation
    def leaders(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            self.leaders.add(*extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    """A one-off session tomorrow at 10–12 (Helsinki) in a room of the group's organization."""

    class Meta:
        model = Session

    group = factory.SubFactory(GroupFactory, signup_mode=Group.SignUpMode.PER_SESSION)
    room = factory.LazyAttribute(lambda o: RoomFactory(venue__organization=o.group.organization))
    start = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=1)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))


def course_sessions(count: int = 3, **group_fields: object) -> list[Session]:
    """A series sign-up group's course: `count` weekly sessions from tomorrow, in one series."""
    from events.models import Series

    group = GroupFactory(signup_mode=Group.SignUpMode.SERIES, **group_fields)
    first = SessionFactory(group=group)
    series = Series.objects.create(
        group=group,
        room=first.room,
        first_date=first.start.date(),
        last_date=first.start.date() + datetime.timedelta(weeks=count - 1),
        start_time=datetime.time(10),
        duration_minutes=120,
        weekdays=str(first.start.weekday()),
    )
    week = datetime.timedelta(weeks=1)
    for i in range(1, count):
        SessionFactory(group=group, room=first.room, start=first.start + i * week)
    Session.objects.filter(group=group).update(series=series)
    return list(Session.objects.filter(group=group).order_by("start"))
