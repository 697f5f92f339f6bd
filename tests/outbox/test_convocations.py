"""Convocations by email from the cycle page, and the cycle's outbox pages."""

from __future__ import annotations

import re
from datetime import date

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from acunum.cycles.models import Cycle, trainee_url
from acunum.outbox import worker
from acunum.outbox.convocations import key_of
from acunum.outbox.models import Message
from acunum.test import BaseTestCase, database_state, make_trainee, schedule_cycle
from tests.documents.test_convocation import ready
from tests.outbox.smtp import SmtpServerMixin, attachments_of
from tests.outbox.world import PDF, sample_messages

SITE = "https://acunum.example.org"


def fr(msgid: str, plural: str | None = None, count: int = 1, **values) -> str:
    """The page's text for a msgid, as the French interface shows it (translated or not yet),
    escaped as the template escapes it."""
    with translation.override("fr"):
        text = translation.ngettext(msgid, plural, count) if plural else translation.gettext(msgid)
    return escape(text % values if values else text)


def send_url(cycle) -> str:
    return reverse("outbox:send-convocations", args=[cycle.code])


def resend_url(enrolment) -> str:
    return reverse("outbox:resend-convocation", args=[enrolment.cycle.code, enrolment.seat])


def outbox_url(cycle) -> str:
    return reverse("outbox:cycle", args=[cycle.code])


@override_settings(SITE_URL=SITE, EMAIL_HOST="")
class SendConvocationsTests(BaseTestCase):
    def setUp(self):
        ready(self.cycle)
        self.login(self.bob)

    def test_sending_enqueues_each_trainees_convocation_with_the_pdf_and_their_link(self):
        r = self.client.post(send_url(self.cycle))
        self.assertRedirects(r, outbox_url(self.cycle))

        messages = {m.enrolment_id: m for m in Message.objects.all()}
        self.assertEqual(set(messages), {self.dominique.pk, self.eden.pk})
        message = messages[self.dominique.pk]
        self.assertEqual(
            message.key, f"convocation:{self.dominique.pk}:{self.dominique.token_hash[:12]}"
        )
        self.assertEqual(message.kind, Message.Kind.CONVOCATION)
        self.assertEqual(message.to, "dominique@example.org")
        self.assertEqual(message.cycle, self.cycle)
        self.assertEqual(message.subject, "Convocation : formation ACUNUM (La Passerelle)")
        self.assertIn("Bonjour Dominique,", message.body)
        self.assertIn(SITE + trainee_url(self.dominique_token), message.body)
        self.assertIn("Première demi-journée : lundi 5 janvier 2026", message.body)
        self.assertIn("handicap@example.org", message.body)
        self.assertNotIn("&", message.body)  # plain text: nothing escaped as HTML
        attachment = message.attachments.get()
        self.assertEqual(attachment.filename, "convocation-test-dominique.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(bytes(attachment.content).startswith(b"%PDF"))

    def test_sending_twice_enqueues_nothing_more(self):
        self.client.post(send_url(self.cycle))
        r = self.client.post(send_url(self.cycle), follow=True)
        self.assertEqual(Message.objects.count(), 2)
        already = fr(
            "%(n)s trainee already has their convocation in the outbox: “Send again” sends "
            "it once more.",
            "%(n)s trainees already have their convocation in the outbox: “Send again” "
            "sends it once more.",
            2,
            n=2,
        )
        self.assertContains(r, already)

    def test_a_trainee_enrolled_later_gets_hers_and_the_others_nothing_more(self):
        self.client.post(send_url(self.cycle))
        late = make_trainee(self.cycle, "Lou")
        r = self.client.post(send_url(self.cycle), follow=True)
        added = fr(
            "%(n)s convocation added to the outbox.",
            "%(n)s convocations added to the outbox.",
            1,
            n=1,
        )
        self.assertContains(r, added)
        self.assertEqual(Message.objects.filter(enrolment=late).count(), 1)
        self.assertEqual(Message.objects.count(), 3)

    def test_a_replaced_link_gets_a_new_convocation_and_the_old_one_waiting_is_cancelled(self):
        self.client.post(send_url(self.cycle))
        old = Message.objects.get(enrolment=self.dominique)
        token = self.dominique.issue_link()

        self.client.post(send_url(self.cycle))

        old.refresh_from_db()
        self.assertEqual(old.status, Message.Status.CANCELLED)
        new = Message.objects.get(enrolment=self.dominique, status=Message.Status.PENDING)
        self.assertIn(trainee_url(token), new.body)
        self.assertEqual(new.key, key_of(self.dominique))
        self.assertEqual(Message.objects.filter(enrolment=self.eden).count(), 1)

    def test_an_incomplete_cycle_lists_what_is_missing_and_enqueues_nothing(self):
        Cycle.objects.filter(pk=self.cycle.pk).update(access="", to_bring="")
        self.dominique.revoke_link()
        before = database_state()

        r = self.client.post(send_url(self.cycle))

        self.assertContains(r, fr("Convocations not sent"))
        text = r.content.decode()
        self.assertEqual(text.count("l’accès au lieu"), 1, "listed once for all trainees")
        self.assertIn("ce qu’il faut apporter", text)
        self.assertIn("Dominique Test", text)
        self.assertEqual(database_state(), before)

    def test_send_again_adds_one_more_once_the_first_has_left_and_not_while_it_waits(self):
        self.client.post(send_url(self.cycle))
        first = Message.objects.get(enrolment=self.dominique)

        r = self.client.post(resend_url(self.dominique), follow=True)
        waiting = fr(
            "The convocation of %(name)s is already waiting to be sent.", name="Dominique Test"
        )
        self.assertContains(r, waiting)
        self.assertEqual(Message.objects.filter(enrolment=self.dominique).count(), 1)

        Message.objects.filter(pk=first.pk).update(status="sent", sent_at=first.created_at)
        self.client.post(resend_url(self.dominique))
        self.client.post(resend_url(self.dominique))  # a double click: it waits already
        keys = sorted(
            Message.objects.filter(enrolment=self.dominique).values_list("key", flat=True)
        )
        self.assertEqual(keys, [first.key, f"{first.key}:2"])

    def test_send_again_with_a_revoked_link_says_to_issue_one_and_enqueues_nothing(self):
        self.client.post(send_url(self.cycle))
        self.dominique.revoke_link()
        r = self.client.post(resend_url(self.dominique))
        self.assertContains(r, fr("Convocations not sent"))
        self.assertContains(r, "Dominique Test")
        self.assertEqual(Message.objects.filter(enrolment=self.dominique).count(), 1)

    def test_send_for_one_trainee_who_had_none_enqueues_hers_only(self):
        self.client.post(resend_url(self.eden))
        self.assertEqual(list(Message.objects.values_list("key", flat=True)), [key_of(self.eden)])

    def test_the_structures_contact_cannot_send_them(self):
        self.login(self.diane)
        self.assertEqual(self.client.post(send_url(self.cycle)).status_code, 403)
        self.assertEqual(self.client.post(resend_url(self.eden)).status_code, 403)
        self.assertFalse(Message.objects.exists())


class ConvocationsArriveTests(SmtpServerMixin, BaseTestCase):
    def test_each_trainee_receives_her_convocation_once_with_the_very_pdf_kept_as_proof(self):
        ready(self.cycle)
        self.login(self.bob)
        self.client.post(send_url(self.cycle))
        self.client.post(send_url(self.cycle))

        self.assertEqual(worker.run_once(), 2)
        self.assertEqual(worker.run_once(), 0)

        received = {m["To"]: m for m in self.inbox.received}
        self.assertEqual(set(received), {"dominique@example.org", "eden@example.org"})
        for message in Message.objects.all():
            self.assertEqual(message.status, Message.Status.SENT)
            attachment = message.attachments.get()
            self.assertEqual(
                attachments_of(received[message.to]),
                [(attachment.filename, bytes(attachment.content), "application/pdf")],
            )


@override_settings(SITE_URL=SITE)
class OutboxPageTests(BaseTestCase):
    def setUp(self):
        self.messages = sample_messages(self.cycle, self.dominique)
        sample_messages(self.other_cycle, self.farid)
        self.login(self.bob)

    def test_the_outbox_lists_the_cycles_messages_newest_first_with_status_and_why(self):
        with override_settings(EMAIL_HOST="smtp.example.org"):
            r = self.client.get(outbox_url(self.cycle))
        self.assertEqual(r.status_code, 200)
        text = r.content.decode()
        subjects = [m.subject for m in self.messages]
        positions = [text.index(s) for s in reversed(subjects)]
        self.assertEqual(positions, sorted(positions), "newest first")
        for status in ("sent", "failed", "cancelled", "pending"):
            self.assertIn(fr(Message.Status(status).label), text)
        self.assertIn("550 5.1.1 No such user", text)
        self.assertIn("dominique@example.org", text)
        self.assertNotIn("Farid", text)
        self.assertNotIn(fr("No mail server is configured: no email leaves."), text)
        self.assertNotIn(fr("Link to hand out:"), text)

    def test_without_a_mail_server_a_notice_and_the_links_of_waiting_messages_to_hand_out(self):
        with override_settings(EMAIL_HOST=""):
            r = self.client.get(outbox_url(self.cycle))
        self.assertContains(r, fr("No mail server is configured: no email leaves."))
        # Written with SITE_URL, handed out with the address the trainer opened the page at,
        # as the cards print it; the waiting convocation's link only: the invitation was sent.
        self.assertIn(SITE + trainee_url(self.dominique_token), self.messages[0].body)
        link = "http://testserver" + trainee_url(self.dominique_token)
        self.assertEqual(len(re.findall(rf'<a href="{re.escape(link)}">', r.content.decode())), 1)

    def test_a_message_opens_on_its_body_and_attachments_and_the_attachment_downloads(self):
        waiting = self.messages[0]
        r = self.client.get(reverse("outbox:message", args=[self.cycle.code, waiting.code]))
        self.assertContains(r, "Votre convocation est jointe.")
        self.assertContains(r, "convocation.pdf")
        self.assertContains(r, waiting.attachments.get().sha256)
        url = reverse("outbox:attachment", args=[self.cycle.code, waiting.code, 1])
        self.assertContains(r, url)
        download = self.client.get(url)
        self.assertEqual(download.content, PDF)
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertIn('attachment; filename="convocation.pdf"', download["Content-Disposition"])

    def test_the_sent_message_shows_the_servers_answer(self):
        sent = self.messages[1]
        r = self.client.get(reverse("outbox:message", args=[self.cycle.code, sent.code]))
        self.assertContains(r, "250 2.0.0 Ok: queued as 4ZxK2")

    def test_another_cycles_message_is_not_found_through_this_cycle(self):
        farids = Message.objects.filter(cycle=self.other_cycle).first()
        r = self.client.get(reverse("outbox:message", args=[self.cycle.code, farids.code]))
        self.assertEqual(r.status_code, 404)
        self.login(self.alice)
        r = self.client.get(reverse("outbox:message", args=[self.other_cycle.code, farids.code]))
        self.assertEqual(r.status_code, 200)

    def test_the_cycle_page_shows_the_trainer_the_outbox_and_each_convocation(self):
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, outbox_url(self.cycle))
        self.assertContains(r, send_url(self.cycle))
        self.assertContains(r, resend_url(self.dominique))
        self.assertContains(r, fr("Send again"))  # Dominique has a convocation
        self.assertContains(r, resend_url(self.eden))

    def test_the_cycle_page_shows_the_contact_nothing_of_the_outbox(self):
        self.login(self.diane)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertNotContains(r, outbox_url(self.cycle))
        self.assertNotContains(r, send_url(self.cycle))
        self.assertEqual(self.client.get(outbox_url(self.cycle)).status_code, 403)

    def test_the_outbox_page_costs_the_same_whatever_the_number_of_messages(self):
        url = outbox_url(self.cycle)
        self.client.get(url)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        schedule_cycle(self.cycle, date(2026, 1, 5))
        for n in range(10):
            sample_messages(self.cycle, make_trainee(self.cycle, f"Extra{n}"))
        with CaptureQueriesContext(connection) as large:
            r = self.client.get(url)
        self.assertContains(r, "Extra9")
        self.assertEqual(len(small), len(large), "\n".join(q["sql"] for q in large))

    def test_the_cycle_page_costs_the_same_whatever_the_number_of_messages(self):
        url = self.cycle.get_absolute_url()
        self.client.get(url)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        for n in range(5):
            sample_messages(self.cycle, make_trainee(self.cycle, f"Extra{n}"))
        with CaptureQueriesContext(connection) as large:
            self.client.get(url)
        self.assertEqual(len(small), len(large), "\n".join(q["sql"] for q in large))
