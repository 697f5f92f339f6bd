"""A cycle's status moves along its life, one checked step at a time."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from acunum.cycles.models import Cycle, TransitionError
from acunum.test import BaseTestCase


class StatusTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("cycles:status", args=[self.cycle.code])
        self.login(self.bob)

    def move(self, status, **kwargs):
        return self.client.post(self.url, {"status": status}, follow=True, **kwargs)

    def status(self):
        return Cycle.objects.values_list("status", flat=True).get(pk=self.cycle.pk)

    def set_status(self, status):
        Cycle.objects.filter(pk=self.cycle.pk).update(status=status)

    def test_it_follows_the_whole_life_of_a_cycle(self):
        path = [
            Cycle.Status.QUOTED,
            Cycle.Status.AGREED,
            Cycle.Status.SCHEDULED,
            Cycle.Status.IN_TRAINING,
            Cycle.Status.ACCOMPANIMENT,
            Cycle.Status.CLOSED,
        ]
        for status in path:
            r = self.move(status)
            self.assertRedirects(r, self.cycle.get_absolute_url())
            self.assertEqual(self.status(), status)
            self.assertContains(r, gettext("Status: %(status)s.") % {"status": status.label})

    def test_it_refuses_a_jump_over_steps_and_says_why(self):
        r = self.move(Cycle.Status.SCHEDULED)
        self.assertEqual(self.status(), Cycle.Status.REQUEST)
        message = gettext("A cycle cannot go from “%(old)s” to “%(new)s”.") % {
            "old": Cycle.Status.REQUEST.label,
            "new": Cycle.Status.SCHEDULED.label,
        }
        self.assertContains(r, message)

    def test_it_refuses_to_reopen_a_closed_cycle(self):
        self.set_status(Cycle.Status.CLOSED)
        self.move(Cycle.Status.IN_TRAINING)
        self.assertEqual(self.status(), Cycle.Status.CLOSED)

    def test_it_refuses_to_cancel_a_cycle_once_training_started(self):
        self.set_status(Cycle.Status.IN_TRAINING)
        r = self.move(Cycle.Status.CANCELLED)
        self.assertEqual(self.status(), Cycle.Status.IN_TRAINING)
        message = gettext("A cycle cannot go from “%(old)s” to “%(new)s”.") % {
            "old": Cycle.Status.IN_TRAINING.label,
            "new": Cycle.Status.CANCELLED.label,
        }
        self.assertContains(r, message)

    def test_it_cancels_a_cycle_before_training(self):
        self.set_status(Cycle.Status.AGREED)
        self.move(Cycle.Status.CANCELLED)
        self.assertEqual(self.status(), Cycle.Status.CANCELLED)

    def test_it_lets_an_agreement_go_back_to_the_quote(self):
        self.set_status(Cycle.Status.AGREED)
        self.move(Cycle.Status.QUOTED)
        self.assertEqual(self.status(), Cycle.Status.QUOTED)

    def test_it_refuses_scheduled_while_a_slot_is_missing(self):
        self.set_status(Cycle.Status.AGREED)
        self.cycle.slots.filter(index=16).delete()
        r = self.move(Cycle.Status.SCHEDULED)
        self.assertEqual(self.status(), Cycle.Status.AGREED)
        self.assertContains(r, gettext("The schedule is not complete: %(problems)s").split("%")[0])
        self.assertContains(
            r, gettext("%(n)s slots instead of %(expected)s") % {"n": 15, "expected": 16}
        )

    def test_it_refuses_scheduled_while_a_slot_falls_on_a_holiday(self):
        self.set_status(Cycle.Status.AGREED)
        self.cycle.slots.filter(index=16).update(date="2026-05-01")
        r = self.move(Cycle.Status.SCHEDULED)
        self.assertEqual(self.status(), Cycle.Status.AGREED)
        self.assertContains(r, "Fête du Travail")

    def test_it_refuses_scheduled_without_any_schedule(self):
        self.set_status(Cycle.Status.AGREED)
        self.cycle.slots.all().delete()
        self.move(Cycle.Status.SCHEDULED)
        self.assertEqual(self.status(), Cycle.Status.AGREED)

    def test_it_refuses_an_unknown_status(self):
        r = self.move("paid")
        self.assertEqual(self.status(), Cycle.Status.REQUEST)
        self.assertContains(r, gettext("Choose a status."))

    def test_it_lets_the_of_admin_change_the_status(self):
        self.login(self.alice)
        self.move(Cycle.Status.QUOTED)
        self.assertEqual(self.status(), Cycle.Status.QUOTED)

    def test_it_refuses_the_structure_contact(self):
        self.login(self.diane)
        r = self.client.post(self.url, {"status": Cycle.Status.QUOTED})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.status(), Cycle.Status.REQUEST)

    def test_it_hides_the_cycle_from_a_trainer_of_another_cycle(self):
        self.login(self.charlie)
        r = self.client.post(self.url, {"status": Cycle.Status.QUOTED})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.status(), Cycle.Status.REQUEST)

    def test_it_rejects_get(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 405)

    def test_the_cycle_page_offers_only_the_allowed_moves(self):
        self.set_status(Cycle.Status.IN_TRAINING)
        r = self.client.get(self.cycle.get_absolute_url())
        self.assertContains(r, 'name="status" value="accompaniment"')
        self.assertContains(r, 'name="status" value="closed"')
        self.assertNotContains(r, 'name="status" value="cancelled"')


class ChangeStatusTests(BaseTestCase):
    """The rule itself, on the model, for callers other than the status page."""

    def test_it_raises_and_keeps_the_status_on_an_illegal_change(self):
        with self.assertRaises(TransitionError):
            self.cycle.change_status(Cycle.Status.CLOSED)
        self.cycle.refresh_from_db()
        self.assertEqual(self.cycle.status, Cycle.Status.REQUEST)

    def test_it_names_an_unknown_status(self):
        with self.assertRaisesMessage(
            TransitionError, gettext("Unknown status “%(new)s”.") % {"new": "paid"}
        ):
            self.cycle.change_status("paid")

    def test_every_status_but_closed_and_cancelled_has_a_way_out(self):
        for status in Cycle.Status:
            with self.subTest(status=status):
                ends = status in (Cycle.Status.CLOSED, Cycle.Status.CANCELLED)
                self.assertEqual(not Cycle.TRANSITIONS[status], ends)
