"""Loaded by pytest before Django (see pyproject: -p): tests need no configuration at all."""

import os
import tempfile

# Tests need no configuration: a throwaway data directory and a key that is not a secret.
os.environ.setdefault("ACUNUM_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ACUNUM_DATA_DIR", tempfile.mkdtemp(prefix="acunum-tests-"))
