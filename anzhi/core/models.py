import uuid

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded write: who did what to which object, with old and new values.

    Append-only. Written by ``anzhi.core.audit.record`` inside the service's transaction.
    """

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField("操作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class Job(models.Model):
    """A long-running piece of work (an import, a report) whose progress a page polls."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("类型", max_length=64)
    status = models.CharField("状态", max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the work starts and at each progress report: a job "running" whose
    # heartbeat stopped has lost its worker.
    heartbeat_at = models.DateTimeField("最近进展", null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = verbose_name

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


class DocumentCounter(models.Model):
    """The last number issued for one kind of document by one agency in one year.

    Locked (SELECT … FOR UPDATE) by ``anzhi.core.numbering.issue`` in the transaction that
    creates the document, so numbers are gapless: a rolled-back document releases its number.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"],
                                               name="document_counter_unique")]


class IssuedDocument(models.Model):
    """A numbered enforcement instrument (执法文书) issued for some record."""

    agency = models.ForeignKey("accounts.Agency", verbose_name="制作机关",
                               on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书种类", max_length=40)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文书编号", max_length=80, unique=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year", "seq"],
                                    name="issued_document_unique_seq"),
            models.UniqueConstraint(fields=["kind", "object_type", "object_id"],
                                    name="issued_document_once_per_object"),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return self.number
