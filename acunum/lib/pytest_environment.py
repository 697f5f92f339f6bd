"""Loaded by pytest before Django (see pyproject: -p): tests need no configuration at all."""

import os
import tempfile

# Tests need no configuration: a throwaway data directory and a key that is not a secret.
os.environ.setdefault("ACUNUM_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ACUNUM_DATA_DIR", tempfile.mkdtemp(prefix="acunum-tests-"))
# The test world's half-days are dated from January 2026 and personal links expire a year after
# a cycle's last one: a suite that passes today must pass next year too. The tests of expiry set
# LINK_DAYS_AFTER_END themselves (tests/hardening/test_link_expiry.py).
os.environ.setdefault("ACUNUM_LINK_DAYS_AFTER_END", "36500")
