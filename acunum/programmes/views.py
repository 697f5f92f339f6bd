from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from acunum.accounts.models import Organisation, Referent
from acunum.programmes.models import Programme


@require_GET
def home(request):
    """Public: the organisation and its programmes."""
    programmes = Programme.objects.filter(versions__isnull=False).distinct().order_by("title")
    return render(
        request,
        "programmes/home.html",
        {"programmes": programmes, "organisation": Organisation.current()},
    )


@require_GET
def public(request, slug: str, number: int | None = None):
    """Public: a programme with every mention the law and Qualiopi indicator 1 ask for."""
    programme = get_object_or_404(Programme, slug=slug)
    latest = programme.latest_version()
    version = programme.versions.filter(number=number).first() if number is not None else latest
    if version is None:
        raise Http404
    organisation = Organisation.current()
    referents = {}
    if organisation:
        referents = {r.role: r for r in organisation.referents.all()}
    return render(
        request,
        "programmes/public.html",
        {
            "programme": programme,
            "version": version,
            "p": version.data,
            "sequences": version.sequences.all(),
            "latest": latest,
            "organisation": organisation,
            "pedagogical": referents.get(Referent.Role.PEDAGOGICAL),
            "administrative": referents.get(Referent.Role.ADMINISTRATIVE),
            "disability": referents.get(Referent.Role.DISABILITY),
        },
    )
