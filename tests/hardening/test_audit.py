"""Staff actions on trainees' personal data are logged: who, what, on whom; never a name."""

from __future__ import annotations

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acunum.accounts.models import AuditEntry
from acunum.cycles.models import NeedsAnalysis, Trainee
from acunum.documents.sheets import Incomplete
from acunum.test import BaseTestCase
from tests.cycles.requests_world import request_data

Action = AuditEntry.Action
PDF = b"%PDF-1.7 test"
NAMES = ("Dominique", "Eden", "Farid", "Test", "TEST", "Nora", "Belaïd", "Zoé", "Martin")


class AuditTests(BaseTestCase):
    def assert_one_entry(self, user, action, target, detail_contains=""):
        entries = list(AuditEntry.objects.all())
        self.assertEqual(len(entries), 1, [str(e) for e in entries])
        entry = entries[0]
        self.assertEqual(entry.user, user)
        self.assertEqual(entry.user_name, user.username)
        self.assertEqual(entry.action, action)
        self.assertEqual((entry.target_type, entry.target_id), (target._meta.model_name, target.pk))
        self.assertIn(detail_contains, entry.detail)
        for name in NAMES:
            self.assertNotIn(name, entry.detail)
        self.assertEqual(entry.ip, "127.0.0.1")
        return entry

    def assert_no_entry(self):
        self.assertEqual(list(AuditEntry.objects.all()), [])

    # Trainees.

    def test_adding_a_trainee_is_logged(self):
        self.login(self.bob)
        data = {
            "first_name": "Zoé",
            "last_name": "Martin",
            "email": "zoe@example.org",
            "job": "Animatrice",
            "status": Trainee.Status.EMPLOYEE,
        }
        r = self.client.post(reverse("cycles:trainee-add", args=[self.cycle.code]), data)
        self.assertEqual(r.status_code, 302)
        self.assert_one_entry(self.bob, Action.CREATE, Trainee.objects.get(first_name="Zoé"))

    def test_a_refused_addition_is_not_logged(self):
        self.login(self.bob)
        data = {"first_name": "Zoé", "last_name": "", "email": "not-an-email"}
        r = self.client.post(reverse("cycles:trainee-add", args=[self.cycle.code]), data)
        self.assertEqual(r.status_code, 200)
        self.assert_no_entry()
        self.login(self.charlie)  # not this cycle's trainer
        data = {**data, "last_name": "Martin", "email": "zoe@example.org", "job": "x"}
        r = self.client.post(reverse("cycles:trainee-add", args=[self.cycle.code]), data)
        self.assertEqual(r.status_code, 404)
        self.assert_no_entry()

    def test_importing_trainees_is_logged_once_with_their_number(self):
        self.login(self.bob)
        csv = (
            "Nom;Prénom;Email;Fonction;Statut\n"
            "Martin;Zoé;zoe@example.org;Animatrice;salariée\n"
            "Petit;Yann;yann@example.org;Bénévole;bénévole\n"
        )
        upload = SimpleUploadedFile("stagiaires.csv", csv.encode(), "text/csv")
        url = reverse("cycles:trainee-import", args=[self.cycle.code])
        r = self.client.post(url, {"file": upload})
        self.assertEqual(r.status_code, 302)
        self.assert_one_entry(self.bob, Action.IMPORT, self.cycle, "2")

    def test_a_refused_import_is_not_logged(self):
        self.login(self.bob)
        upload = SimpleUploadedFile("stagiaires.csv", b"Nom;Prenom\nMartin;\n", "text/csv")
        url = reverse("cycles:trainee-import", args=[self.cycle.code])
        r = self.client.post(url, {"file": upload})
        self.assertEqual(r.status_code, 200)
        self.assert_no_entry()

    def test_removing_a_trainee_is_logged(self):
        self.login(self.bob)
        url = reverse("cycles:trainee-remove", args=[self.cycle.code, self.eden.seat])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assert_one_entry(self.bob, Action.DELETE, self.eden.trainee)

    # Personal links.

    def test_revoking_a_link_is_logged(self):
        self.login(self.bob)
        url = reverse("attendance:cards", args=[self.cycle.code])
        r = self.client.post(url, {"action": "revoke", "seat": self.eden.seat})
        self.assertEqual(r.status_code, 302)
        self.assert_one_entry(self.bob, Action.LINK, self.eden.trainee)

    def test_replacing_a_link_is_logged(self):
        self.login(self.bob)
        url = reverse("attendance:cards", args=[self.cycle.code])
        r = self.client.post(url, {"action": "replace", "seat": self.eden.seat})
        self.assertEqual(r.status_code, 200)
        self.assert_one_entry(self.bob, Action.LINK, self.eden.trainee)

    def test_printing_the_cards_is_logged_once_for_the_cycle(self):
        self.login(self.bob)
        r = self.client.post(reverse("attendance:cards", args=[self.cycle.code]), {})
        self.assertEqual(r.status_code, 200)
        self.assert_one_entry(self.bob, Action.EXPORT, self.cycle, "2")

    def test_printing_one_card_is_logged_for_its_trainee(self):
        self.login(self.bob)
        url = reverse("attendance:cards", args=[self.cycle.code])
        self.assertEqual(self.client.post(url, {"seat": self.eden.seat}).status_code, 200)
        self.assert_one_entry(self.bob, Action.EXPORT, self.eden.trainee)

    def test_looking_at_the_cards_page_is_not_logged(self):
        self.login(self.bob)
        self.client.get(reverse("attendance:cards", args=[self.cycle.code]))
        self.assert_no_entry()

    def test_a_refused_card_print_is_not_logged(self):
        self.login(self.charlie)
        r = self.client.post(reverse("attendance:cards", args=[self.cycle.code]), {})
        self.assertEqual(r.status_code, 404)
        self.assert_no_entry()

    # Documents that name trainees. Their making is tested in tests/documents: here, any PDF.

    def test_each_trainee_document_is_logged_for_its_trainee(self):
        documents = {
            "completion-certificate": "acunum.documents.certificates.completion_certificate",
            "attestation": "acunum.documents.attestation.attestation",
            "convocation": "acunum.documents.convocation.convocation",
            "attendance-record": "acunum.documents.record.attendance_record",
        }
        self.login(self.diane)  # the structure's contact reads them too
        for name, issue in documents.items():
            with self.subTest(name=name), mock.patch(issue, return_value=PDF):
                AuditEntry.objects.all().delete()
                url = reverse(f"documents:{name}", args=[self.cycle.code, self.eden.seat])
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assert_one_entry(self.diane, Action.DOWNLOAD, self.eden.trainee)

    def test_each_cycle_document_that_names_trainees_is_logged_for_the_cycle(self):
        documents = {
            "documents:agreement": (
                "acunum.documents.agreement.agreement",
                [self.cycle.code],
            ),
            "documents:attendance-sheet": (
                "acunum.documents.sheets.attendance_sheet",
                [self.cycle.code, 1],
            ),
            "documents:dossier": ("acunum.documents.dossier.dossier", [self.cycle.code]),
        }
        self.login(self.bob)
        for name, (issue, args) in documents.items():
            with self.subTest(name=name), mock.patch(issue, return_value=PDF):
                AuditEntry.objects.all().delete()
                self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 200)
                self.assert_one_entry(self.bob, Action.DOWNLOAD, self.cycle)

    def test_the_quote_names_no_trainee_and_is_not_logged(self):
        self.login(self.bob)
        with mock.patch("acunum.documents.agreement.quote", return_value=PDF):
            r = self.client.get(reverse("documents:quote", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 200)
        self.assert_no_entry()

    def test_a_document_refused_is_not_logged(self):
        self.login(self.bob)
        url = reverse("documents:completion-certificate", args=[self.cycle.code, self.eden.seat])
        issue = "acunum.documents.certificates.completion_certificate"
        with mock.patch(issue, side_effect=Incomplete(["the ledger"])):
            self.assertEqual(self.client.get(url).status_code, 409)
        self.assert_no_entry()
        self.login(self.charlie)
        with mock.patch(issue, return_value=PDF):
            self.assertEqual(self.client.get(url).status_code, 404)
        self.assert_no_entry()

    # A structure's request.

    def test_reading_a_request_s_contact_is_logged(self):
        self.client.post(reverse("cycles:request", args=["acunum"]), request_data())
        analysis = NeedsAnalysis.objects.get()
        self.login(self.alice)
        r = self.client.get(reverse("cycles:needs", args=[analysis.cycle.code]))
        self.assertContains(r, "nora@mjc-pentes.example.org")
        self.assert_one_entry(self.alice, Action.VIEW, analysis)

    def test_a_needs_analysis_with_no_request_is_not_logged(self):
        self.login(self.bob)
        r = self.client.get(reverse("cycles:needs", args=[self.cycle.code]))
        self.assertEqual(r.status_code, 200)
        self.assert_no_entry()

    # The trainees' own pages.

    def test_a_trainee_on_their_own_link_is_not_logged(self):
        self.client.get(reverse("cycles:trainee-home", args=[self.dominique_token]))
        self.client.get(reverse("attendance:sign", args=[self.dominique_token, 1]))
        self.assert_no_entry()
