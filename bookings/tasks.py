"""Background tasks of the bookings app (django-tasks; `manage.py db_worker` runs them).

`send_notice` sends one queued email. A failed try is queued again with `run_after`
(1, 5, then 30 minutes later; `bookings.sending.RETRY_DELAYS`), so the worker is never
blocked waiting; a backend without delayed tasks (the immediate one, in tests and with
TASKS_EAGER) tries again at once. Running the task twice for a sent notice sends nothing.
"""

from django.utils import timezone
from django_tasks import task

from bookings.models import Notice
from bookings.sending import deliver


@task()
def send_notice(notice_id: int) -> None:
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None or notice.state != Notice.State.QUEUED:
        return
    outcome = deliver(notice)
    if outcome.retry_after is None:
        return
    if send_notice.get_backend().supports_defer:
        send_notice.using(run_after=timezone.now() + outcome.retry_after).enqueue(notice_id)
    else:
        send_notice.enqueue(notice_id)
