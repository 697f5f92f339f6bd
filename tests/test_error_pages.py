from django.urls import reverse

from acunum.test import BaseTestCase


class ErrorPageTests(BaseTestCase):
    def test_an_unknown_trainee_link_gets_a_french_page_that_says_what_to_do(self):
        r = self.client.get("/s/not-a-token/")
        self.assertContains(r, "demandez le nouveau", status_code=404)
        self.assertContains(r, 'lang="fr"', status_code=404)

    def test_a_refused_page_says_so_in_french(self):
        self.login(self.diane)  # a structure contact reads the cycle but cannot plan it
        r = self.client.get(reverse("cycles:schedule", args=[self.cycle.code]))
        self.assertContains(r, "Accès refusé", status_code=403)
