"""The leaders' workspace for groups, their series and sessions: /<lang>/leader/groups/. Thin.

Only a group's own leaders and its organization's coordinators reach its pages:
for anyone else a group answers 404, so its existence does not show. Every form runs
through `core.forms_flow.form_flow`: a refusal of a service (a `ScheduleError`, a
`RoomClash`, a model validation) is shown on the form with status 400; services run in
a transaction, so nothing changed. Successful writes redirect (PRG) with a message that
says what happened. The names below are what `events/urls_workspace.py` routes to.
"""

from events.views.workspace.groups import group_create, group_edit, group_list
from events.views.workspace.series import series_create_view, series_edit_view
from events.views.workspace.sessions import session_cancel_view, session_delete_view, session_move_view
from events.views.workspace.terms import group_copy_view, term_roll_over_view

__all__ = [
    "group_copy_view",
    "group_create",
    "group_edit",
    "group_list",
    "series_create_view",
    "series_edit_view",
    "session_cancel_view",
    "session_delete_view",
    "session_move_view",
    "term_roll_over_view",
]
