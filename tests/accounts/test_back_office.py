from django.urls import reverse

from acunum.accounts.models import User
from acunum.test import BaseTestCase, make_user


class BackOfficeTests(BaseTestCase):
    def test_an_of_admin_edits_structures_without_being_a_superuser(self):
        admin = make_user("olga", User.Role.ADMIN)  # neither is_staff nor is_superuser
        self.login(admin)
        r = self.client.get(reverse("admin:cycles_structure_change", args=[self.structure.pk]))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "La Passerelle")

    def test_a_trainer_is_sent_to_the_admin_login(self):
        self.login(self.bob)
        r = self.client.get(reverse("admin:cycles_structure_changelist"))
        self.assertRedirects(
            r, reverse("admin:login") + "?next=" + reverse("admin:cycles_structure_changelist")
        )

    def test_the_menu_shows_the_back_office_to_of_admins_only(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("cycles:dashboard")), reverse("admin:index"))
        self.login(self.bob)
        self.assertNotContains(self.client.get(reverse("cycles:dashboard")), reverse("admin:index"))
