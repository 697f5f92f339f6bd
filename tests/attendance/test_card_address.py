"""Cards print an address the phones in the room can open."""

import re

from django.test import override_settings
from django.urls import reverse

from acunum.test import BaseTestCase

WARNING = "ne fonctionne que sur cet ordinateur"


class CardAddressTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("attendance:cards", args=[self.cycle.code])
        self.login(self.bob)

    def test_opened_at_the_loopback_the_page_warns_that_phones_cannot_open_the_links(self):
        r = self.client.get(self.url, HTTP_HOST="127.0.0.1:8000")
        self.assertContains(r, WARNING)

    def test_opened_at_a_network_address_it_does_not_warn(self):
        r = self.client.get(self.url)  # "testserver", as a LAN name would be
        self.assertNotContains(r, WARNING)

    @override_settings(SITE_URL="http://192.168.1.20:8000")
    def test_opened_at_the_loopback_the_cards_use_the_rooms_address_the_server_knows(self):
        r = self.client.post(self.url, HTTP_HOST="127.0.0.1:8000")
        links = re.findall(r"<code>(http://[^<]+/s/[^<]+/)</code>", r.content.decode())
        self.assertEqual(len(links), 2)
        self.assertTrue(all(link.startswith("http://192.168.1.20:8000/s/") for link in links))
