from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休息日"
    WORKDAY = "workday", "调休上班日"
