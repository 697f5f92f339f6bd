"""The settings file: safe defaults, and loud failures on a wrong or missing production knob.

Each case imports the settings in a fresh Python with a clean environment, as a server starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PRINT_SETTINGS = """
import json
from acunum import settings
database = dict(settings.DATABASES["default"])
database["NAME"] = str(database["NAME"])
print(json.dumps({"debug": settings.DEBUG, "secret_key": settings.SECRET_KEY, "db": database}))
"""


def import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "ACUNUM_DATA_DIR": str(tmp_path / "data"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = import_settings(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACUNUM_SECRET_KEY is not set" in result.stderr


def test_it_refuses_an_empty_secret_key_too(tmp_path):
    result = import_settings(tmp_path, ACUNUM_SECRET_KEY="", ACUNUM_DEBUG="False")
    assert result.returncode != 0
    assert "ACUNUM_SECRET_KEY is not set" in result.stderr


def test_it_starts_with_a_secret_key(tmp_path):
    settings = loaded(import_settings(tmp_path, ACUNUM_SECRET_KEY="s" * 50))
    assert settings["debug"] is False
    assert settings["secret_key"] == "s" * 50


def test_it_reads_the_secret_key_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    settings = loaded(import_settings(tmp_path, ACUNUM_SECRET_KEY_FILE=str(secret)))
    assert settings["secret_key"] == "from-a-file"


def test_it_names_a_secret_key_file_that_does_not_exist(tmp_path):
    result = import_settings(tmp_path, ACUNUM_SECRET_KEY_FILE=str(tmp_path / "nowhere"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACUNUM_SECRET_KEY_FILE" in result.stderr
    assert "nowhere" in result.stderr


def test_it_starts_in_debug_without_a_secret_key(tmp_path):
    settings = loaded(import_settings(tmp_path, ACUNUM_DEBUG="True"))
    assert settings["debug"] is True
    assert settings["secret_key"]


@pytest.mark.parametrize("value", ["yes", "1"])
def test_it_refuses_a_debug_value_that_is_not_true_or_false(tmp_path, value):
    result = import_settings(tmp_path, ACUNUM_DEBUG=value, ACUNUM_SECRET_KEY="x")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"ACUNUM_DEBUG={value}" in result.stderr


def test_it_runs_on_sqlite_in_the_data_directory_by_default(tmp_path):
    db = loaded(import_settings(tmp_path, ACUNUM_SECRET_KEY="x"))["db"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "data" / "acunum.sqlite3")
    # Writers queue for the lock instead of failing: what keeps 14 seats at 14 under load.
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert (tmp_path / "data").is_dir()


def test_it_keeps_sqlite_connections_open_between_requests(tmp_path):
    # Measured by bench/signatures.py: a new connection per request cost more than its queries.
    db = loaded(import_settings(tmp_path, ACUNUM_SECRET_KEY="x"))["db"]
    assert db["CONN_MAX_AGE"] == 60
    db = loaded(import_settings(tmp_path, ACUNUM_SECRET_KEY="x", ACUNUM_DB_CONN_MAX_AGE="0"))["db"]
    assert db["CONN_MAX_AGE"] == 0


def test_it_parses_a_postgresql_url(tmp_path):
    db = loaded(
        import_settings(
            tmp_path, ACUNUM_SECRET_KEY="x", ACUNUM_DATABASE_URL="postgres://u:p@h:5433/db"
        )
    )["db"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "db",
        "u",
        "p",
        "h",
        "5433",
    )


def test_it_decodes_a_password_with_special_characters(tmp_path):
    db = loaded(
        import_settings(
            tmp_path,
            ACUNUM_SECRET_KEY="x",
            ACUNUM_DATABASE_URL="postgresql://acunum:p%40ss%2Fw0rd@db.example.org/acunum",
        )
    )["db"]
    assert db["PASSWORD"] == "p@ss/w0rd"
    assert db["HOST"] == "db.example.org"
    assert db["PORT"] == ""


def test_it_refuses_a_database_url_it_does_not_know(tmp_path):
    result = import_settings(
        tmp_path, ACUNUM_SECRET_KEY="x", ACUNUM_DATABASE_URL="mysql://u:p@h/db"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACUNUM_DATABASE_URL" in result.stderr
