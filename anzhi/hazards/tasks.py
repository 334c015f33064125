"""Scheduled work: the daily overdue sweep, reminders and digests (huey)."""

from huey import crontab
from huey.contrib.djhuey import periodic_task

from .services import daily_run


@periodic_task(crontab(hour="1", minute="10"))
def hazards_daily():
    return daily_run()
