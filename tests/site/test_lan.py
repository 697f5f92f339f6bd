import socket

import pytest

from acunum.site.server import lan_addresses


def test_lan_addresses_never_offer_the_loopback_to_phones():
    assert all(not a.startswith("127.") for a in lan_addresses())


@pytest.mark.skipif(not hasattr(socket, "if_nameindex"), reason="needs network interfaces")
def test_lan_addresses_find_this_machines_interfaces_even_when_the_host_name_says_loopback(
    monkeypatch,
):
    monkeypatch.setattr(socket, "gethostbyname_ex", lambda name: (name, [], ["127.0.1.1"]))
    interfaces = [name for _i, name in socket.if_nameindex() if name != "lo"]
    if not interfaces:
        pytest.skip("this machine has only the loopback interface")
    addresses = lan_addresses()
    assert addresses, "no address found although the machine has network interfaces"
    assert all(len(a.split(".")) == 4 for a in addresses)
