"""One function per Qualiopi indicator that applies to Acunum's actions (qualiopi-and-funding.md
§2), registered with @indicator (evidence.py), one module per group of criteria. Each reads what
the owning app's page reads, through the scope (scope.py), and says what is missing and which
page fixes it.
"""

from acunum.quality.indicators import (  # noqa: F401 (each module registers its indicators)
    appreciations,
    delivery,
    design,
    means,
    public,
)
