"""anzhi.law stays pure: importing it and every submodule loads no Django and no database."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import anzhi.law

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("django", "sqlite3", "psycopg", "psycopg2")


def test_import_loads_no_django_or_db():
    modules = [f"anzhi.law.{m.name}" for m in pkgutil.iter_modules(anzhi.law.__path__)]
    assert "anzhi.law.discretion" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {['anzhi.law', *modules]!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ""


def test_every_data_file_parses():
    from anzhi.law import datafiles

    for path in sorted(datafiles.PACKAGE_DATA_DIR.glob("*.toml")):
        assert datafiles.load(path.name), path.name
