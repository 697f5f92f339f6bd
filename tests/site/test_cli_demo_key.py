"""The commands `acunum demo` prints (its dossier, a backup) work in the demo's data directory."""

from __future__ import annotations

import os
import subprocess
import sys


def run_check(data_dir) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACUNUM_SECRET_KEY")}
    env |= {"ACUNUM_DATA_DIR": str(data_dir), "ACUNUM_DEBUG": "False"}
    code = "from acunum.cli import main; main(['acunum', 'check'])"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_a_command_in_the_demos_data_directory_uses_the_demos_key(tmp_path):
    (tmp_path / "demo-secret-key").write_text("the-demo-key-" + "x" * 40)
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_elsewhere_a_command_without_a_key_still_refuses_to_start(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode != 0
    assert "ACUNUM_SECRET_KEY is not set" in result.stderr
