"""Fixtures of the hazard tests: uploads, dates and a quick way to register a hazard."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anzhi.hazards.services import hazard_create

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


def png(name="after.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The cast's passwords: a fast hasher keeps the fixture quick (tests only).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def today():
    return timezone.localdate()


def hazard_data(level="general", days=10, **over):
    data = {
        "level": level,
        "criterion": "工贸企业重大事故隐患判定标准第11条第1项" if level == "major"
        else "检查表第3项：安全出口畅通",
        "description": "粉尘作业区设置在非框架结构的多层建构筑物内" if level == "major"
        else "二楼安全出口堆放杂物",
        "place": "制茶车间",
        "rectify_due": timezone.localdate() + timedelta(days=days),
    }
    data.update(over)
    return data


@pytest.fixture
def make_hazard(cast):
    def make(level="general", actor=None, enterprise=None, photos=(), **over):
        return hazard_create(actor=actor or cast.officer_a,
                             enterprise=enterprise or cast.enterprise_a,
                             data=hazard_data(level, **over), photos=photos)
    return make


def full_plan(days=10, **over):
    data = {"responsible_person": "林志明", "responsible_phone": "13905951234",
            "measures": "将粉尘作业区迁至单层框架厂房", "funds": "120000",
            "deadline": timezone.localdate() + timedelta(days=days),
            "emergency_plan": "整改期间停用二楼打磨工位，配备抑爆装置并每日清扫"}
    data.update(over)
    return data
