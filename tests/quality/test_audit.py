"""The audit export: a ZIP whose index.html stands alone and links every piece it holds."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.test import TestCase, override_settings
from django.urls import reverse

from acunum.quality import audit
from acunum.quality.scope import CycleData, Scope
from acunum.site import demo
from tests.quality.test_evidence import EvidenceTestCase
from tests.quality.world import NOW


class Index(HTMLParser):
    """The links, ids and outside resources of an HTML page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.outside: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag in ("script", "link", "img", "iframe", "object") or "src" in attrs:
            self.outside.append(tag)


def open_export(test, name: str, data: bytes) -> tuple[zipfile.ZipFile, Index]:
    """Checks that the ZIP opens, that its index links every file it holds and nothing else,
    with relative links and nothing loaded from elsewhere; returns the archive and the index."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    test.assertIsNone(archive.testzip())
    names = set(archive.namelist())
    test.assertTrue(all(n.startswith(f"{name}/") for n in names), names)
    index = Index()
    index.feed(archive.read(f"{name}/index.html").decode())
    test.assertEqual(index.outside, [])
    linked = set()
    for href in index.hrefs:
        parts = urlsplit(href)
        test.assertFalse(parts.scheme or parts.netloc or href.startswith("/"), href)
        if not parts.path:
            test.assertIn(parts.fragment, index.ids, href)  # a link within the index
            continue
        test.assertNotIn("..", parts.path)
        test.assertIn(f"{name}/{unquote(parts.path)}", names, href)
        linked.add(f"{name}/{unquote(parts.path)}")
    test.assertEqual(names - linked, {f"{name}/index.html"}, "files the index does not link")
    for path in names:
        content = archive.read(path)
        if path.endswith(".pdf"):
            test.assertTrue(content.startswith(b"%PDF"), path)
        elif path.endswith(".csv"):
            test.assertTrue(content.startswith("\ufeff".encode()), path)
    return archive, index


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = demo.build(today=date(2026, 11, 24))

    def test_the_audit_export_of_the_demo_cycle_opens_and_its_index_links_every_piece(self):
        finished = self.built["finished"]
        name, data = audit.cycle_export(finished, base_url="http://testserver")
        archive, index = open_export(self, name, data)
        documents = [n for n in archive.namelist() if "/documents/" in n]
        # The finished cycle's whole dossier but the programme, which is under programmes/:
        # quote, agreement, 14 convocations, 16 sheets, 14 records, certificates, attestations.
        self.assertEqual(len(documents), 2 + 14 + 16 + 14 * 3)
        self.assertIn(f"{name}/programmes/acunum-version-1.pdf", archive.namelist())
        # Each indicator has its section, and the attendance sheets are linked from the 12th.
        for number in range(1, 33):
            self.assertIn(f"indicator-{number}", index.ids)
        self.assertTrue(any("/documents/05-emargement/" in h for h in index.hrefs))

    def test_the_audit_export_of_a_demo_period_opens_and_its_index_links_every_piece(self):
        name, data = audit.period_export(
            date(2026, 1, 1), date(2026, 12, 31), base_url="http://testserver"
        )
        archive, _index = open_export(self, name, data)
        folders = {n.split("/")[2] for n in archive.namelist() if n.startswith(f"{name}/cycles/")}
        # The finished cycle and the one in training; the request has no schedule.
        self.assertEqual(len(folders), 2)
        index = archive.read(f"{name}/index.html").decode()
        # The documents of the cycle in training that wait for its end are listed with why.
        self.assertIn("07-certificats-realisation", index)


class FixtureAuditTests(EvidenceTestCase):
    def test_the_passerelles_export_holds_its_tables_its_trainers_file_and_what_is_refused(self):
        data = audit.build(
            Scope.of_cycle(self.cycle, NOW), base_url="http://testserver", name="audit"
        )
        name = "audit"
        archive, index = open_export(self, name, data)
        folder = f"audit/{audit.folder(CycleData(self.cycle, NOW))}"
        rows = list(
            csv.reader(
                io.StringIO(archive.read(f"{folder}/tables/assiduity.csv").decode("utf-8-sig")),
                delimiter=";",
            )
        )
        minutes = {row[2]: row[-1] for row in rows[1:]}
        self.assertEqual(minutes, {"Dominique": "810", "Eden": "570", "Gaspard": "420"})
        names = archive.namelist()
        bob = f"audit/trainers/bob-test-{self.bob.pk}"
        self.assertIn(f"{bob}/cv-2025-09-01.pdf", names)
        self.assertIn(f"{bob}/agreement-2025-09-01-{self.bob_agreement.pk}.pdf", names)
        self.assertIn("audit/registers/complaints.csv", names)
        complaints = archive.read("audit/registers/complaints.csv").decode("utf-8-sig")
        self.assertEqual(complaints.count("\r\n"), 1 + 2)  # the Passerelle's two reports
        # Its half-days are not all closed: the certificates cannot be issued yet, and say why.
        page = archive.read("audit/index.html").decode()
        self.assertIn("07-certificats-realisation/", page)
        self.assertFalse(any("07-certificats-realisation" in n for n in names))

    def test_a_cancelled_cycle_exports_its_indicators_and_no_document(self):
        name, data = audit.cycle_export(self.cancelled, base_url="http://testserver", now=NOW)
        archive, _index = open_export(self, name, data)
        self.assertFalse(any("/cycles/" in n for n in archive.namelist()))

    def test_the_export_downloads_from_the_cycle_page(self):
        self.login(self.bob)
        r = self.client.get(reverse("quality:cycle-export", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/zip")
        name = r["Content-Disposition"].split('filename="')[1].removesuffix('.zip"')
        open_export(self, name, r.content)

    def test_the_period_export_downloads_for_the_of_admin(self):
        self.login(self.alice)
        r = self.client.get(
            reverse("quality:period-export"), {"du": "2026-01-01", "au": "2026-01-31"}
        )
        self.assertEqual(r.status_code, 200)
        archive, _index = open_export(self, "audit-2026-01-01-2026-01-31", r.content)
        folders = {n.split("/")[2] for n in archive.namelist() if "/cycles/" in n}
        self.assertEqual(len(folders), 2)  # the Passerelle and the Tilleuls, not the cancelled
