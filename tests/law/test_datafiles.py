"""ANZHI_LAW_DATA_DIR: a file there replaces the packaged file of the same name."""

import pytest

from anzhi.law import accidents, datafiles, procedure


def test_packaged_file_used_without_override(law_data_dir):
    assert datafiles.source("accidents.toml") == datafiles.PACKAGE_DATA_DIR / "accidents.toml"


def test_override_file_takes_precedence(law_data_dir):
    (law_data_dir / "procedure.toml").write_text(
        "[simple_procedure]\nperson = 50\norganization = 1000\n", encoding="utf-8"
    )
    assert datafiles.source("procedure.toml") == law_data_dir / "procedure.toml"
    assert not procedure.simple_procedure_allowed("person", 51)
    assert accidents.grade(3, 0, 0) == "较大事故"  # other files still packaged


def test_reload_after_env_removed(law_data_dir, monkeypatch):
    (law_data_dir / "procedure.toml").write_text(
        "[simple_procedure]\nperson = 50\norganization = 1000\n", encoding="utf-8"
    )
    assert not procedure.simple_procedure_allowed("person", 200)
    monkeypatch.delenv(datafiles.ENV_VAR)
    datafiles.reload()
    assert procedure.simple_procedure_allowed("person", 200)
    monkeypatch.setenv(datafiles.ENV_VAR, str(law_data_dir))  # for the fixture's teardown


def test_bad_toml_reports_file(law_data_dir):
    (law_data_dir / "accidents.toml").write_text("[[grade]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"accidents\.toml"):
        accidents.grade(1, 0, 0)
