from django.urls import reverse

from acunum.test import BaseTestCase


class DashboardTests(BaseTestCase):
    def test_it_shows_a_trainer_only_their_cycles(self):
        self.login(self.bob)
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(r, "La Passerelle")
        self.assertNotContains(r, "Les Tilleuls")

    def test_it_shows_the_of_admin_every_cycle(self):
        self.login(self.alice)
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertContains(r, "La Passerelle")
        self.assertContains(r, "Les Tilleuls")

    def test_it_redirects_anonymous_visitors_to_the_login(self):
        r = self.client.get(reverse("cycles:dashboard"))
        self.assertRedirects(r, reverse("accounts:login") + "?next=" + reverse("cycles:dashboard"))
