"""Where Acunum keeps its files, without importing Django settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_dir() -> Path:
    """ACUNUM_DATA_DIR, or the per-user data directory of the platform."""
    if explicit := os.getenv("ACUNUM_DATA_DIR"):
        return Path(explicit)
    if sys.platform == "win32":
        root = Path(os.getenv("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        root = Path(os.getenv("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "acunum"
