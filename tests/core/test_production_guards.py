import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from anzhi.core import production


def run_settings(env):
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'anzhi.settings'; "
            "django.setup()")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


@pytest.mark.parametrize(("env", "message"), [
    ({"ANZHI_PRODUCTION": "1", "DEBUG": "1", "SECRET_KEY": "x" * 50}, "DEBUG"),
    ({"ANZHI_PRODUCTION": "1", "DEBUG": "0"}, "SECRET_KEY"),
])
def test_production_settings_refuse_debug_and_default_secret(env, message, tmp_path):
    result = run_settings({"PATH": "/usr/bin:/bin", "ANZHI_VAR_DIR": str(tmp_path), **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_start_with_a_real_secret(tmp_path):
    result = run_settings({"PATH": "/usr/bin:/bin", "ANZHI_VAR_DIR": str(tmp_path),
                           "ANZHI_PRODUCTION": "1", "DEBUG": "0", "SECRET_KEY": "k" * 50})
    assert result.returncode == 0, result.stderr


def test_demo_accounts_block_a_production_start(cast, settings):
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.SECRET_KEY = "k" * 50
    production.assert_safe()  # no demo accounts yet
    cast.officer_a.is_demo = True
    cast.officer_a.save()
    with pytest.raises(ImproperlyConfigured, match="演示账号：officer_a"):
        production.assert_safe()
