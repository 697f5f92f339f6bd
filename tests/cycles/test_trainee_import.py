"""Importing trainees from a CSV file: the whole file or nothing, every bad line named."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from acunum.cycles.imports import import_trainees, parse
from acunum.cycles.models import Enrolment, Trainee
from acunum.test import BaseTestCase

HEADER = "nom;prénom;email;téléphone;fonction;statut;besoins d’accessibilité"


def csv_file(*rows: str, header: str = HEADER, end: str = "\n") -> bytes:
    return end.join([header, *rows, ""]).encode("utf-8")


def row(n: int, **changes) -> str:
    values = {
        "last_name": f"Nom{n}",
        "first_name": f"Prénom{n}",
        "email": f"personne{n}@example.org",
        "phone": "",
        "job": "Animatrice",
        "status": "salariée",
        "needs": "",
    }
    values.update(changes)
    return ";".join(values.values())


class ImportTestCase(BaseTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def state(self) -> tuple:
        return (
            sorted(Trainee.objects.values_list("pk", "email")),
            sorted(Enrolment.objects.values_list("pk", "cycle_id", "seat")),
        )

    def assertRefused(self, raw: bytes, *expected: str) -> list[str]:
        """The file imports nothing, and the answer holds each expected problem."""
        before = self.state()
        result = import_trainees(raw, self.cycle)
        errors = [str(e) for e in result.errors]
        self.assertEqual(result.enrolments, [])
        for message in expected:
            self.assertTrue(any(message in e for e in errors), f"{message!r} not in {errors}")
        self.assertEqual(self.state(), before)
        return errors


class ImportTests(ImportTestCase):
    def test_it_enrols_every_row_of_a_good_file(self):
        raw = csv_file(
            row(1, phone="06 11 22 33 44"),
            row(2, status="bénévole", needs="Fauteuil : salle de plain-pied"),
            row(3, email="Personne3@Example.ORG", status="Salarié·e"),
        )
        result = import_trainees(raw, self.cycle)
        self.assertEqual(result.errors, [])
        self.assertEqual([e.seat for e in result.enrolments], [3, 4, 5])
        one, two, three = (e.trainee for e in result.enrolments)
        self.assertEqual((one.last_name, one.first_name), ("Nom1", "Prénom1"))
        self.assertEqual(one.phone, "06 11 22 33 44")
        self.assertEqual(one.status, Trainee.Status.EMPLOYEE)
        self.assertEqual(one.structure, self.structure)
        self.assertEqual(two.status, Trainee.Status.VOLUNTEER)
        self.assertEqual(two.accessibility_needs, "Fauteuil : salle de plain-pied")
        self.assertEqual(three.email, "personne3@example.org")
        self.assertEqual(three.status, Trainee.Status.EMPLOYEE)
        self.assertEqual(self.cycle.enrolments.count(), 5)

    def test_it_reads_a_spreadsheets_utf8_export_with_bom_crlf_and_commas(self):
        header = "Nom,Prénom,E-mail,Fonction,Statut"
        raw = b"\xef\xbb\xbf" + csv_file(
            "Durand,Léa,lea@example.org,Bibliothécaire,bénévole",
            '"Da Silva, épouse Roux",Inès,ines@example.org,Éducatrice,salariée',
            header=header,
            end="\r\n",
        )
        result = import_trainees(raw, self.cycle)
        self.assertEqual(result.errors, [])
        self.assertEqual(
            sorted(e.trainee.last_name for e in result.enrolments),
            ["Da Silva, épouse Roux", "Durand"],
        )

    def test_it_keeps_a_line_break_inside_a_quoted_cell_and_counts_lines_as_the_file_does(self):
        raw = csv_file(
            row(1, needs='"Malvoyante.\nDocuments en gros caractères."'),
            row(2, email="pas-un-email"),
        )
        errors = self.assertRefused(raw)
        # Row 2 starts on line 4: the quoted cell of the row before spans lines 2 and 3.
        self.assertEqual(len(errors), 1)
        self.assertTrue(errors[0].startswith("Line 4: "), errors)
        result = import_trainees(
            csv_file(row(1, needs='"Malvoyante.\nGros caractères."')), self.cycle
        )
        self.assertEqual(
            result.enrolments[0].trainee.accessibility_needs, "Malvoyante.\nGros caractères."
        )

    def test_it_skips_blank_lines_left_at_the_end(self):
        result = import_trainees(csv_file(row(1), "", ";;;;;;", ""), self.cycle)
        self.assertEqual(result.errors, [])
        self.assertEqual(len(result.enrolments), 1)


class BadRowTests(ImportTestCase):
    def test_it_names_each_missing_field_with_its_line(self):
        self.assertRefused(
            csv_file(row(1), row(2, first_name="", job=" ")),
            "Line 3: first name is missing ; job is missing.",
        )

    def test_it_refuses_a_bad_email(self):
        self.assertRefused(
            csv_file(row(1, email="personne1@"), row(2)),
            "Line 2: “personne1@” is not a valid email address.",
        )

    def test_it_refuses_an_email_too_long_for_the_database(self):
        self.assertRefused(
            csv_file(row(1, email="a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org")),
            "Line 2: email is longer than 254 characters.",
        )

    def test_it_refuses_a_trainee_twice_in_the_file(self):
        self.assertRefused(
            csv_file(row(1), row(2), row(3, email="PERSONNE1@example.org")),
            "Line 4: personne1@example.org already appears on line 2.",
        )

    def test_it_refuses_someone_already_enrolled(self):
        self.assertRefused(
            csv_file(row(1, email="Dominique@example.org")),
            "Line 2: dominique@example.org is already enrolled in this cycle.",
        )

    def test_it_refuses_a_status_that_is_neither_employee_nor_volunteer(self):
        self.assertRefused(
            csv_file(row(1, status="stagiaire")),
            "Line 2: status “stagiaire” is neither “salarié” nor “bénévole”.",
        )

    def test_it_refuses_the_rows_beyond_the_fourteenth_trainee(self):
        # Two seats are taken: twelve rows fit, the thirteenth and fourteenth do not.
        raw = csv_file(*(row(n) for n in range(1, 15)))
        errors = self.assertRefused(
            raw,
            "Line 14: the cycle would be over its limit of 14 trainees.",
            "Line 15: the cycle would be over its limit of 14 trainees.",
        )
        self.assertEqual(len(errors), 2)

    def test_it_lists_every_bad_row_at_once_and_imports_nothing(self):
        raw = csv_file(
            row(1),
            row(2, last_name=""),
            row(3, email="pas-un-email"),
            row(4),
            row(5, email="personne4@example.org"),
            row(6, email="eden@example.org"),
        )
        errors = self.assertRefused(raw)
        self.assertEqual(
            [e.split(":")[0] for e in errors], ["Line 3", "Line 4", "Line 6", "Line 7"]
        )
        self.assertIn("last name is missing", errors[0])
        self.assertIn("not a valid email address", errors[1])
        self.assertIn("already appears on line 5", errors[2])
        self.assertIn("already enrolled", errors[3])


class BadFileTests(ImportTestCase):
    def test_it_refuses_a_file_saved_in_windows_1252_and_says_how_to_save_it(self):
        text = "nom;prenom;email;fonction;statut\nDurand;Léa;lea@example.org;Animatrice;salariée\n"
        errors = self.assertRefused(text.encode("cp1252"), "Line 2: the file is not in UTF-8.")
        self.assertIn("CSV UTF-8", errors[0])

    def test_it_refuses_rows_with_another_separator_than_the_header(self):
        raw = csv_file(
            "Durand,Léa,lea@example.org,,Animatrice,salariée,",
            row(2),
        )
        errors = self.assertRefused(raw, "Line 2: 1 column instead of 7: check the separator.")
        self.assertEqual(len(errors), 1)

    def test_it_refuses_rows_with_more_columns_than_the_header(self):
        self.assertRefused(
            csv_file(row(1) + ";en trop"),
            "Line 2: 8 columns instead of 7: check the separator.",
        )

    def test_it_refuses_a_file_without_any_known_separator(self):
        raw = "nom|prénom|email|fonction|statut\nDurand|Léa|lea@example.org|Animatrice|salariée\n"
        self.assertRefused(raw.encode(), "Line 1: no separator found")

    def test_it_names_unknown_and_missing_columns(self):
        raw = csv_file(
            "Durand;Léa;Animatrice;salariée;x", header="nom;prénom;fonction;statut;couleur"
        )
        self.assertRefused(
            raw, "Line 1: unknown column “couleur”.", "Line 1: missing columns: email."
        )

    def test_it_names_a_column_given_twice(self):
        self.assertRefused(
            csv_file(row(1) + ";x", header=HEADER + ";courriel"),
            "Line 1: column “courriel” appears twice.",
        )

    def test_it_refuses_an_empty_file(self):
        self.assertRefused(b"", "The file is empty.")
        self.assertRefused(b"\n\n", "The file is empty.")

    def test_it_refuses_a_header_without_trainees(self):
        self.assertRefused(csv_file(), "The file has a header but no trainee.")

    def test_it_refuses_a_file_larger_than_one_megabyte(self):
        self.assertRefused(csv_file(*(row(1) for _n in range(20_000))), "larger than 1 MB")

    def test_parse_creates_nothing_by_itself(self):
        before = self.state()
        trainees, errors = parse(csv_file(row(1), row(2)), self.cycle)
        self.assertEqual(errors, [])
        self.assertEqual([t.pk for t in trainees], [None, None])
        self.assertEqual(self.state(), before)


class ImportViewTests(ImportTestCase):
    def setUp(self):
        super().setUp()
        self.url = reverse("cycles:trainee-import", args=[self.cycle.code])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def upload(self, raw: bytes):
        return self.client.post(self.url, {"file": SimpleUploadedFile("stagiaires.csv", raw)})

    def test_it_shows_the_form_with_the_expected_columns(self):
        self.login(self.bob)
        r = self.client.get(self.url)
        self.assertContains(r, 'type="file"')
        self.assertContains(r, "nom;prénom;email;téléphone;fonction;statut")

    def test_it_imports_a_good_file_and_returns_to_the_cycle(self):
        self.login(self.bob)
        r = self.upload(csv_file(row(1), row(2)))
        self.assertRedirects(r, self.cycle.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(self.cycle.enrolments.count(), 4)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, "2 trainees imported.")

    def test_it_lists_every_bad_line_and_imports_nothing(self):
        self.login(self.bob)
        before = self.state()
        r = self.upload(csv_file(row(1), row(2, email="x@"), row(3, first_name="")))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Nothing was imported: 2 problems to correct")
        self.assertContains(r, "Line 3: “x@” is not a valid email address.")
        self.assertContains(r, "Line 4: first name is missing.")
        self.assertEqual(self.state(), before)

    def test_it_asks_for_a_file(self):
        self.login(self.bob)
        before = self.state()
        # What a browser sends when no file was chosen: the field, empty.
        r = self.client.post(self.url, {"file": ""})
        self.assertEqual(r.status_code, 200)
        self.assertIn("file", r.context["form"].errors)
        self.assertEqual(self.state(), before)

    def test_it_refuses_a_trainer_of_another_cycle_and_the_structures_contact(self):
        before = self.state()
        self.login(self.charlie)
        self.assertEqual(self.upload(csv_file(row(1))).status_code, 404)
        self.login(self.diane)
        self.assertEqual(self.upload(csv_file(row(1))).status_code, 403)
        self.assertEqual(self.state(), before)

    def test_it_sends_anonymous_visitors_to_the_login(self):
        r = self.upload(csv_file(row(1)))
        self.assertEqual(r.status_code, 302)
        self.assertFalse(Trainee.objects.filter(last_name="Nom1").exists())
