"""The product's URLs, plus `bench/insert/` (the reference of bench/signatures.py) and
`bench/bare/` (that of bench/workshops.py)."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from acunum.urls import handler500  # noqa: F401  (the product's 503 page when the database is out of reach)
from acunum.urls import urlpatterns as product_urlpatterns

# Created by bench/signatures.py in its throwaway database; no model, no migration.
TABLE = "bench_insert"
CREATE_TABLE = {
    "sqlite": f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " created_at TEXT NOT NULL, body TEXT NOT NULL)",
    "postgresql": f"CREATE TABLE {TABLE} (id BIGSERIAL PRIMARY KEY,"
    " created_at TIMESTAMPTZ NOT NULL, body TEXT NOT NULL)",
}


@csrf_exempt
@require_POST
def insert(request):
    """A bare Django view doing one INSERT: the same request body as a signature, stored as is."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (created_at, body) VALUES (%s, %s)",
            [timezone.now(), request.POST.get("signature", "")],
        )
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def bare(request):
    """A bare Django view: no query, two bytes, through the whole middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    *product_urlpatterns,
    path("bench/insert/", insert),
    path("bench/bare/", bare),  # the CPU reference of bench/workshops.py
]
