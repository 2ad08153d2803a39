"""The feedback request's words, for bookings' email machinery (registered in `MetricsConfig.ready`).

Called by the task worker in the household's language. Only the link and the group's name;
nothing about anyone else.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from bookings.emails import ExtraText
from bookings.models import Notice
from metrics.tokens import feedback_token


def feedback_link(notice: Notice) -> str:
    booking = notice.booking
    token = feedback_token(booking, notice.session_id)
    return f"{settings.SITE_URL}/{booking.language}/feedback/answer/{token}/"


def feedback_texts(notice: Notice) -> ExtraText:
    group = notice.booking.group.title
    return ExtraText(
        subject=_("How was %(group)s?") % {"group": group},
        paragraphs=[
            _("Thank you for coming to %(group)s. How was it? One tap on a face is enough.")
            % {"group": group},
            _(
                "You can add a few words for the leaders. "
                "Please do not write about health or other personal matters."
            ),
        ],
        link=feedback_link(notice),
        link_label=_("Tell us how it was"),
    )
