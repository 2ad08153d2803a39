"""The tours workspace: /<lang>/leader/tours/. Coordinators plan the mobile family centre. Thin.

Only the coordinators of the organization that runs a tour reach its pages; for anyone else a
tour answers 404, so its existence does not show. A refusal of a service (`TourError`,
`ScheduleError`, `RoomClash`, a model validation) is shown on the form with status 400; services
run in a transaction, so nothing changed. A form's "Preview" runs the same service in a savepoint
that is rolled back (`preview_visits`) and shows the coming visits it would make. Successful
writes redirect (PRG) with a message that says what happened. The names below are what
`events/urls_tours_workspace.py` routes to.
"""

from events.views.tours_workspace.stops import stop_add, stop_edit, stop_remove
from events.views.tours_workspace.tours import (
    tour_create_view,
    tour_deactivate_view,
    tour_detail,
    tour_edit,
    tour_list,
    tour_reactivate_view,
)
from events.views.tours_workspace.visits import visit_cancel, visit_move

__all__ = [
    "stop_add",
    "stop_edit",
    "stop_remove",
    "tour_create_view",
    "tour_deactivate_view",
    "tour_detail",
    "tour_edit",
    "tour_list",
    "tour_reactivate_view",
    "visit_cancel",
    "visit_move",
]
