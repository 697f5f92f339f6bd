"""Settings for benchmarks only: Acunum's settings plus the bench's reference views.

The reference views must not be part of the product's URLs, so the bench runs the real server
with this module as DJANGO_SETTINGS_MODULE (see bench/signatures.py).
"""

from acunum.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
