"""Scheduled work: the daily sweep of the cases' legal clocks."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import clocks


@db_periodic_task(crontab(hour="0", minute="15"))
def sweep_case_deadlines():
    return clocks.sweep()
