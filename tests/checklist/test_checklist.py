"""A trainee's checklist from their personal link, its PDF, and the trainer's view of the room."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from acunum.checklist import lists
from acunum.checklist.catalogue import catalogue
from acunum.checklist.models import StepStatus, UsedPlatform
from acunum.test import BaseTestCase, database_state


def first_step(item: str, platform: str):
    return catalogue().of(item, platform)[0]


class EquipmentTests(BaseTestCase):
    def url(self, name, *args, token=None):
        return reverse(f"checklist:{name}", args=[token or self.dominique_token, *args])

    def test_the_first_visit_asks_what_the_trainee_uses(self):
        r = self.client.get(self.url("checklist"))
        self.assertRedirects(r, self.url("equipment"))
        page = self.client.get(self.url("equipment"))
        self.assertContains(page, 'value="windows-11"')
        self.assertContains(page, 'value="outlook-com"')

    def test_the_checklist_has_the_steps_of_what_the_trainee_uses_and_no_other(self):
        r = self.client.post(
            self.url("equipment"), {"computers": ["ubuntu"], "browsers": ["firefox"]}, follow=True
        )
        self.assertRedirects(r, self.url("checklist"))
        for step in catalogue().of("os_desktop", "ubuntu") + catalogue().of("browser", "firefox"):
            self.assertContains(r, f'id="etape-{step.id}"')
        self.assertNotContains(r, f'id="etape-{first_step("os_desktop", "windows-11").id}"')
        self.assertNotContains(r, f'id="etape-{first_step("mail_client", "gmail").id}"')
        self.assertContains(r, str(first_step("extensions", "firefox").title))

    def test_nothing_ticked_is_refused(self):
        before = database_state()
        r = self.client.post(self.url("equipment"), {})
        self.assertContains(r, _("Tick at least one system, browser or mail service that you use."))
        self.assertEqual(database_state(), before)

    def test_an_unknown_platform_is_refused(self):
        before = database_state()
        r = self.client.post(self.url("equipment"), {"browsers": ["opera"]})
        self.assertContains(r, "opera")
        self.assertEqual(database_state(), before)

    def test_a_status_is_kept_when_its_platform_comes_back(self):
        lists.set_platforms(self.dominique, ["firefox"])
        step = first_step("browser", "firefox")
        lists.mark(self.dominique, step.id, "done", "")
        lists.set_platforms(self.dominique, ["chrome"])
        lists.set_platforms(self.dominique, ["chrome", "firefox"])
        section = next(s for s in lists.sections(self.dominique) if s.item == "browser")
        line = next(line for line in section.lines if line.step.id == step.id)
        self.assertEqual(line.state, "done")


class MarkTests(BaseTestCase):
    def setUp(self):
        lists.set_platforms(self.dominique, ["android", "gmail"])
        self.step = first_step("os_mobile", "android")

    def mark(self, step_id, token=None, **data):
        return self.client.post(
            reverse("checklist:mark", args=[token or self.dominique_token, step_id]),
            data,
            follow=True,
        )

    def test_a_step_is_marked_done_with_a_note(self):
        r = self.mark(self.step.id, state="done", note="  Fait avec Samia  ")
        self.assertRedirects(
            r,
            reverse("checklist:checklist", args=[self.dominique_token]) + f"#etape-{self.step.id}",
        )
        status = StepStatus.objects.get(enrolment=self.dominique, step=self.step.id)
        self.assertEqual((status.state, status.note), ("done", "Fait avec Samia"))
        self.assertContains(r, "Fait avec Samia")

    def test_asking_for_help_says_the_trainer_will_come(self):
        r = self.mark(self.step.id, state="help", note="Je ne trouve pas le menu")
        self.assertContains(r, _("Your trainer sees your request: they will come to you."))

    def test_a_mark_taken_back_is_deleted(self):
        self.mark(self.step.id, state="done")
        self.mark(self.step.id, state="")
        self.assertFalse(StepStatus.objects.filter(enrolment=self.dominique).exists())

    def test_bad_marks_are_refused_and_change_nothing(self):
        other = first_step("os_desktop", "windows-11")
        cases = [
            (self.step.id, {"state": "done", "note": "x" * 501}, "500"),
            (
                self.step.id,
                {"state": "maybe"},
                _("Choose done, does not apply to me, or I need help."),
            ),
            (other.id, {"state": "done"}, "Windows 11"),
            ("nowhere.step", {"state": "done"}, "nowhere.step"),
        ]
        for step_id, data, message in cases:
            with self.subTest(step=step_id, data=data):
                before = database_state()
                r = self.mark(step_id, **data)
                self.assertContains(r, message)
                self.assertEqual(database_state(), before)

    def test_a_trainee_marks_only_their_own_checklist(self):
        # Eden's link marks Eden's list: Dominique's is untouched, whatever the step.
        lists.set_platforms(self.eden, ["android"])
        self.mark(self.step.id, token=self.eden_token, state="help")
        self.assertFalse(StepStatus.objects.filter(enrolment=self.dominique).exists())
        self.assertTrue(StepStatus.objects.filter(enrolment=self.eden, state="help").exists())

    def test_the_pdf_lists_the_steps_with_their_state(self):
        self.mark(self.step.id, state="help", note="Menu introuvable")
        r = self.client.get(reverse("checklist:pdf", args=[self.dominique_token]))
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        from acunum.checklist.document import checklist_data

        data = checklist_data(self.dominique, self.now())
        android = data["sections"][0]["parts"][0]
        self.assertEqual(android["platform"], "Android")
        self.assertEqual(android["steps"][0]["mark"], "Aide demandée")
        self.assertEqual(android["steps"][0]["note"], "Menu introuvable")
        self.assertEqual(android["steps"][1]["mark"], "À faire")
        self.assertTrue(all(s["licence"] for s in data["sources"]))

    def test_every_step_of_the_catalogue_prints(self):
        # PDF/A refuses a character its fonts cannot draw: every step, on every platform, goes
        # through Typst once here (a symbol such as ☰ in a new step fails this test).
        from acunum.checklist.document import render_checklist
        from acunum.checklist.platforms import Platform

        lists.set_platforms(self.dominique, list(Platform.values))
        pdf = render_checklist(self.dominique, issued=self.now())
        self.assertTrue(pdf.startswith(b"%PDF"))

    def now(self):
        from django.utils import timezone

        return timezone.now()


class RoomTests(BaseTestCase):
    def setUp(self):
        self.login(self.bob)
        lists.set_platforms(self.dominique, ["firefox"])
        lists.set_platforms(self.eden, ["firefox", "thunderbird"])
        self.step = first_step("browser", "firefox")

    def room(self):
        return self.client.get(reverse("checklist:room", args=[self.cycle.code]))

    def test_help_requests_come_first_with_their_note(self):
        lists.mark(self.dominique, self.step.id, "done", "")
        lists.mark(self.eden, self.step.id, "help", "Où est ce menu ?")
        waiting, rows = lists.room(self.cycle)
        self.assertEqual([s.enrolment for s in waiting], [self.eden])
        self.assertEqual(rows[0].enrolment, self.eden)
        browser = rows[0].cells[2]
        self.assertEqual(
            (browser.settled, browser.help, browser.total),
            (0, 1, len(catalogue().of("browser", "firefox"))),
        )
        r = self.room()
        self.assertContains(r, "Où est ce menu ?")
        self.assertContains(r, str(self.step.title))

    def test_a_help_request_answered_leaves_the_list_until_asked_again(self):
        status = lists.mark(self.eden, self.step.id, "help", "")
        r = self.client.post(
            reverse("checklist:helped", args=[self.cycle.code, status.pk]), follow=True
        )
        self.assertContains(r, _("Nobody is asking for help right now."))
        lists.mark(self.eden, self.step.id, "done", "")
        lists.mark(self.eden, self.step.id, "help", "Encore")
        self.assertEqual(len(lists.room(self.cycle)[0]), 1)

    def test_the_watch_answers_304_until_a_mark_changes(self):
        url = reverse("checklist:room-watch", args=[self.cycle.code])
        etag = self.client.get(url)["ETag"]
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 304)
        lists.mark(self.dominique, self.step.id, "help", "")
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 200)

    def test_another_cycles_request_cannot_be_answered(self):
        lists.set_platforms(self.farid, ["firefox"])
        status = lists.mark(self.farid, self.step.id, "help", "")
        r = self.client.post(reverse("checklist:helped", args=[self.cycle.code, status.pk]))
        self.assertEqual(r.status_code, 404)
        status.refresh_from_db()
        self.assertIsNone(status.helped_at)

    def test_a_trainee_who_has_not_said_what_they_use_is_shown_so(self):
        UsedPlatform.objects.filter(enrolment=self.dominique).delete()
        self.assertContains(self.room(), _("Has not said what they use yet."))
