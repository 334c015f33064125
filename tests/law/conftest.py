"""Fixtures for the pure legal-rules tests (no Django)."""

import pytest

from anzhi.law import datafiles, workdays


@pytest.fixture
def law_data_dir(tmp_path, monkeypatch):
    """An empty ANZHI_LAW_DATA_DIR; tests write override files into it."""
    monkeypatch.setenv(datafiles.ENV_VAR, str(tmp_path))
    datafiles.reload()
    yield tmp_path
    monkeypatch.delenv(datafiles.ENV_VAR)
    datafiles.reload()


@pytest.fixture(autouse=True)
def _clean_calendar_overrides():
    yield
    workdays.clear_overrides()
