import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from cocreate.accounts.models import User
from cocreate.core.models import Activity


def test_demo_data_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo_data", verbosity=0)

    assert not User.objects.exists()


def test_demo_data_is_idempotent_and_logs_in_with_demo(db, settings, client):
    settings.DEMO_MODE = True

    call_command("demo_data", verbosity=0)
    first = (User.objects.count(), Activity.objects.count())
    call_command("demo_data", verbosity=0)

    assert (User.objects.count(), Activity.objects.count()) == first
    assert User.objects.get(username="admin").is_staff
    assert client.login(username="lilei", password="demo")


def test_oidc_login_is_offered_when_configured_by_the_environment_alone(tmp_path):
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DEBUG": "1",  # static files without collectstatic
        "OIDC_CLIENT_ID": "cocreate",
        "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_SERVER_URL": "https://sso.example.com",
        "OIDC_NAME": "Company SSO",
    }
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.test import Client;"
        "print(Client(HTTP_HOST='127.0.0.1').get('/accounts/login/').content.decode())"
    )
    result = subprocess.run(  # a fresh process: settings are read at start-up
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert 'href="/accounts/oidc/oidc/login/?process=login">Company SSO</a>' in result.stdout
