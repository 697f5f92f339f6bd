"""Exports of the activities' results (CSV, PDF, PNG) and the mémoire collective: the group's
production, aggregated as on the facilitator's page, with nobody's name and no hidden
contribution."""

from __future__ import annotations

import csv
import io
import json
import struct

import pypdf
from django.utils import timezone
from django.utils.translation import gettext as _

from acunum.test import BaseTestCase
from acunum.workshops import exports
from acunum.workshops.models import Activity
from tests.workshops.world import as_pseudonym, as_trainee, make_activity, send

DOMINIQUE, EDEN = "d" * 32, "e" * 32
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def rows(activity) -> list[list[str]]:
    """The CSV as a French spreadsheet reads it: BOM, then semicolon-separated rows."""
    data = exports.result_csv(activity)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", png[16:24])


class CsvTests(BaseTestCase):
    def test_a_word_cloud_counts_each_word_however_typed_most_frequent_first(self):
        activity = make_activity(self, "word_cloud")
        send(activity, as_trainee(self.dominique, DOMINIQUE), word=["Réseaux", "lien"])
        send(activity, as_trainee(self.eden, EDEN), word=["réseaux ", "partage"])
        self.assertEqual(
            rows(activity),
            [[_("Word"), _("Count")], ["réseaux", "2"], ["lien", "1"], ["partage", "1"]],
        )

    def test_the_file_is_utf8_with_a_bom_semicolons_and_crlf_line_ends(self):
        activity = make_activity(self, "word_cloud")
        send(activity, as_trainee(self.dominique), word="données")
        data = exports.result_csv(activity)
        self.assertEqual(
            data, "\ufeff".encode() + f"{_('Word')};{_('Count')}\r\ndonnées;1\r\n".encode()
        )

    def test_a_hidden_word_is_not_in_the_csv(self):
        activity = make_activity(self, "word_cloud")
        send(activity, as_trainee(self.dominique, DOMINIQUE), word=["partage"])
        stored = send(activity, as_trainee(self.eden, EDEN), word=["insulte"])
        stored.contributions[0].set_hidden(True)
        self.assertEqual(rows(activity)[1:], [["partage", "1"]])
        self.assertNotIn(b"insulte", exports.result_csv(activity))

    def test_a_poll_gives_each_choice_its_answers_and_share_of_those_who_answered(self):
        activity = make_activity(self, "poll")  # Oui, Non, Je ne sais pas
        send(activity, as_trainee(self.dominique, DOMINIQUE), choice="0")
        send(activity, as_trainee(self.eden, EDEN), choice="0")
        send(activity, as_pseudonym("Zoé"), choice="1")
        self.assertEqual(
            rows(activity),
            [
                [_("Choice"), _("Answers"), _("Percentage")],
                ["Oui", "2", "67"],  # 2 of 3, rounded half up
                ["Non", "1", "33"],
                ["Je ne sais pas", "0", "0"],
            ],
        )

    def test_a_debate_gives_where_the_group_stood_at_each_round(self):
        activity = make_activity(self, "moving_debate")
        dominique, eden = as_trainee(self.dominique, DOMINIQUE), as_trainee(self.eden, EDEN)
        send(activity, dominique, position="1")
        send(activity, eden, position="4")
        send(activity, eden, position="2")  # moved: only the latest position counts
        activity.next_round()
        send(activity, dominique, position="5")
        table = rows(activity)
        self.assertEqual(table[0], [_("Round"), _("Position"), _("People"), _("Percentage")])
        counts = [(r[0], r[2], r[3]) for r in table[1:]]
        self.assertEqual(
            counts,
            [("1", "1", "50"), ("1", "1", "50"), ("1", "0", "0"), ("1", "0", "0"), ("1", "0", "0")]
            + [("2", "0", "0")] * 4
            + [("2", "1", "100")],
        )
        self.assertEqual(table[1][1], str(_("Strongly agree")))

    def test_a_wall_lists_each_column_s_post_its_in_the_facilitator_s_order(self):
        activity = make_activity(self, "post_it_wall")
        first = send(activity, as_trainee(self.dominique), column="0", text="Facebook")
        send(activity, as_trainee(self.eden), column="0", text="WhatsApp\navec la famille")
        send(activity, as_trainee(self.eden), column="2", text="Un forum")
        hidden = send(activity, as_trainee(self.dominique), column="2", text="test")
        hidden.contributions[0].set_hidden(True)
        from acunum.workshops import wall

        wall.move_card(activity, first.contributions[0], +1)  # Facebook below WhatsApp
        self.assertEqual(
            rows(activity),
            [
                [_("Column"), _("Order"), _("Post-it")],
                ["En mon nom", "1", "WhatsApp\navec la famille"],
                ["En mon nom", "2", "Facebook"],
                ["Sous un pseudonyme", "1", "Un forum"],
            ],
        )

    def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(self):
        activity = make_activity(self, "post_it_wall")
        formula = '=HYPERLINK("http://exemple.org";"clic")'
        send(activity, as_trainee(self.dominique), column="1", text=formula)
        send(activity, as_trainee(self.dominique), column="1", text="-5 % de temps d'écran")
        self.assertEqual(
            [r[2] for r in rows(activity)[1:]], ["'" + formula, "'-5 % de temps d'écran"]
        )

    def test_a_timeline_merges_the_same_event_of_the_same_year_by_year(self):
        activity = make_activity(self, "timeline")
        send(activity, as_trainee(self.dominique), year="2004", label="Premier téléphone portable")
        send(activity, as_trainee(self.eden), year="2004", label="premier téléphone portable")
        send(activity, as_trainee(self.eden), year="1997", label="Le Minitel")
        self.assertEqual(
            rows(activity),
            [
                [_("Year"), _("Event"), _("Count")],
                ["1997", "Le Minitel", "1"],
                ["2004", "Premier téléphone portable", "2"],
            ],
        )

    def test_a_dot_vote_gives_the_dots_left_on_each_option_most_first(self):
        # Réseaux sociaux, Smartphone, Messagerie, Visio
        activity = make_activity(self, "dot_voting")
        dominique, eden = as_trainee(self.dominique, DOMINIQUE), as_trainee(self.eden, EDEN)
        send(activity, dominique, option="1")
        send(activity, dominique, option="1")
        send(activity, dominique, option="0")
        send(activity, eden, option="1")
        send(activity, eden, take_back="1")  # taken back: it no longer counts
        send(activity, eden, option="3")
        self.assertEqual(
            rows(activity),
            [
                [_("Option"), _("Dots"), _("Percentage")],
                ["Smartphone", "2", "50"],
                ["Réseaux sociaux", "1", "25"],
                ["Visio", "1", "25"],
                ["Messagerie", "0", "0"],
            ],
        )


class NamesTests(BaseTestCase):
    """Aggregated results only: never who sent what, even from a named activity."""

    def setUp(self):
        self.activity = make_activity(self, "post_it_wall", title="D’où je parle")
        send(self.activity, as_trainee(self.dominique), column="0", text="Facebook")
        send(self.activity, as_pseudonym("Zébulon"), column="1", text="Le site de la mairie")
        self.activity.refresh_from_db()
        self.assertFalse(self.activity.anonymous)

    def test_no_name_or_pseudonym_in_the_csv_the_pdf_or_the_data_given_to_typst(self):
        names = ["Dominique", "Zébulon", "dominique@example.org"]
        pdf = pdf_text(exports.result_pdf(self.activity))
        data = json.dumps(
            exports._activity_document(self.activity, True, timezone.now()), ensure_ascii=False
        )
        table = exports.result_csv(self.activity).decode("utf-8-sig")
        for name in names:
            for where, text in (("csv", table), ("pdf", pdf), ("data", data)):
                with self.subTest(name=name, where=where):
                    self.assertNotIn(name, text)
        # …while the post-its themselves are there.
        self.assertIn("Le site de la mairie", pdf)
        self.assertIn("Facebook", table)

    def test_no_contribution_identifier_reaches_the_file(self):
        data = json.dumps(exports._activity_document(self.activity, False, timezone.now()))
        for contribution in self.activity.contributions.all():
            self.assertNotIn(str(contribution.pk), data)


class PdfAndPngTests(BaseTestCase):
    def test_the_pdf_shows_the_day_the_structure_the_instructions_and_the_result(self):
        activity = make_activity(
            self, "poll", title="Mon premier appareil", prompt="Une seule réponse.", anonymous=True
        )
        send(activity, as_trainee(self.dominique, DOMINIQUE), choice="1")
        text = pdf_text(exports.result_pdf(activity))
        for expected in (
            "Mon premier appareil",
            "Une seule réponse.",
            "La Passerelle",
            "J1",
            "Oui",
            "Je ne sais pas",
            "1 · 100",
            _("Anonymous activity: no answer is linked to a person."),
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)

    def test_a_hidden_post_it_is_not_in_the_pdf(self):
        activity = make_activity(self, "post_it_wall")
        send(activity, as_trainee(self.dominique), column="0", text="Gardé sur le mur")
        hidden = send(activity, as_trainee(self.eden), column="0", text="Propos déplacé")
        hidden.contributions[0].set_hidden(True)
        text = pdf_text(exports.result_pdf(activity))
        self.assertIn("Gardé sur le mur", text)
        self.assertNotIn("Propos déplacé", text)

    def test_markup_in_a_post_it_is_printed_as_typed_never_run(self):
        activity = make_activity(self, "post_it_wall")
        typed = '#panic("boom") ] $x^2$ *gras* <b> \\ @ref'
        send(activity, as_trainee(self.dominique), column="0", text=typed)
        text = pdf_text(exports.result_pdf(activity))
        self.assertIn("#panic(", text)
        self.assertIn("$x^2$ *gras* <b>", text)
        self.assertIn("@ref", text)

    def test_every_kind_renders_as_pdf_and_png_with_and_without_contributions(self):
        answers = {
            "word_cloud": {"word": "lien"},
            "poll": {"choice": "2"},
            "moving_debate": {"position": "3"},
            "post_it_wall": {"column": "1", "text": "Un post-it"},
            "timeline": {"year": "2004", "label": "Premier portable"},
            "dot_voting": {"option": "2"},
        }
        for kind, answer in answers.items():
            with self.subTest(kind=kind):
                activity = make_activity(self, kind)
                empty = pdf_text(exports.result_pdf(activity))
                self.assertIn(exports._empty(activity, 0), empty)
                send(activity, as_trainee(self.dominique), **answer)
                self.assertTrue(exports.result_pdf(activity).startswith(b"%PDF-"))
                width, height = png_size(exports.result_png(activity))
                # 297 mm at 160 pixels per inch, at least as tall as a 16:9 projector's image.
                self.assertEqual(width, 1871)
                self.assertGreaterEqual(height, 1050)

    def test_the_image_grows_with_a_long_wall_instead_of_cutting_it(self):
        activity = make_activity(self, "post_it_wall", settings={"columns": ["Un", "Deux"]})
        for n in range(40):
            send(
                activity,
                as_pseudonym(f"P{n}", phone=f"{n:032d}"),
                column=str(n % 2),
                text=f"Post-it numéro {n}, " + "avec quelques mots de plus " * 3,
            )
        # Two A4 pages of PDF, one image half as tall again as a projector's.
        self.assertEqual(len(pypdf.PdfReader(io.BytesIO(exports.result_pdf(activity))).pages), 2)
        width, height = png_size(exports.result_png(activity))
        self.assertEqual(width, 1871)
        self.assertGreater(height, 1.5 * 1052)

    def test_the_file_name_is_the_day_and_the_title_in_ascii(self):
        activity = make_activity(self, "poll", title="D’où je parle en ligne ?", day="J3")
        self.assertEqual(exports.file_name(activity, "pdf"), "j3-dou-je-parle-en-ligne.pdf")


class MemoryTests(BaseTestCase):
    def test_it_refuses_while_no_activity_has_a_contribution(self):
        make_activity(self, "poll", state="draft")
        make_activity(self, "word_cloud", day="J2")
        with self.assertRaises(exports.NothingToGather) as refused:
            exports.memory_data(self.cycle)
        self.assertEqual(
            refused.exception.missing,
            [_("at least one contribution to an activity of session 1 (J1 to J4)")],
        )

    def test_a_hidden_contribution_alone_is_not_enough(self):
        activity = make_activity(self, "word_cloud")
        send(activity, as_trainee(self.dominique), word="insulte").contributions[0].set_hidden(True)
        with self.assertRaises(exports.NothingToGather):
            exports.memory_data(self.cycle)

    def test_it_gathers_the_launched_activities_of_j1_to_j4_by_day_then_position(self):
        j3 = make_activity(self, "word_cloud", day="J3", title="Nos traces")
        send(j3, as_trainee(self.dominique), word="cookies")
        make_activity(self, "poll", day="J1", title="Brouillon", state="draft")
        make_activity(self, "post_it_wall", day="J1", title="Le mur", state="closed")
        make_activity(self, "timeline", day="J1", title="La frise", state="locked")
        make_activity(self, "poll", day="DJ2", title="Session deux")
        make_activity(self, "poll", cycle=self.other_cycle, title="Autre cycle")
        data = exports.memory_data(self.cycle)
        self.assertEqual(
            [(a["day"][:2], a["title"]) for a in data["activities"]],
            [("J1", "Le mur"), ("J1", "La frise"), ("J3", "Nos traces")],
        )
        self.assertEqual([d["code"] for d in data["days"]], ["J1", "J2", "J3", "J4"])
        self.assertEqual(data["trainees"], 2)
        self.assertEqual(data["cycle"]["structure"], "La Passerelle")

    def test_the_pdf_has_a_cover_then_each_activity_with_its_result(self):
        cloud = make_activity(self, "word_cloud", title="Mon numérique en trois mots")
        send(cloud, as_trainee(self.dominique), word=["réseaux", "lien"])
        debate = make_activity(self, "moving_debate", day="J2", title="Débat mouvant")
        send(debate, as_trainee(self.eden), position="2")
        reader = pypdf.PdfReader(io.BytesIO(exports.memory_pdf(self.cycle)))
        pages = [page.extract_text() for page in reader.pages]
        self.assertEqual(len(pages), 3)
        self.assertIn(_("Collective memory"), pages[0])
        self.assertIn("La Passerelle", pages[0])
        self.assertIn("Mon numérique en trois mots", pages[0])  # the contents
        self.assertIn("réseaux", pages[1])
        self.assertIn("Le numérique nous rapproche.", pages[2])
        self.assertNotIn("Eden", "\n".join(pages))
        self.assertEqual(Activity.objects.filter(cycle=self.cycle).count(), 2)
