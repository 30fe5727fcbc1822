"""Target rules: https only, and hosts resolving only to public addresses (unless allowed for development)."""

import socket

import pytest

from webhooks import targets

REFUSED = [
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "240.0.0.1",
    "224.0.0.1",
    "::1",
    "fe80::1",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
]


@pytest.fixture
def resolves_to(monkeypatch):
    """Makes every host name resolve to `address` (getaddrinfo is the module's injected resolver)."""

    def set_address(address):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        monkeypatch.setattr(targets, "getaddrinfo", lambda host, port, **kw: [(family, 1, 6, "", (address, port))])

    return set_address


@pytest.mark.parametrize("address", REFUSED)
def test_a_host_resolving_to_a_non_public_address_is_refused(settings, resolves_to, address):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    resolves_to(address)
    with pytest.raises(targets.TargetRefused) as refused:
        targets.resolve_target("https://partner.example/hook")
    assert str(refused.value) == targets.FORBIDDEN_ADDRESS.format(host="partner.example", address=address)


@pytest.mark.parametrize("url", ["https://127.0.0.1/hook", "https://[::1]/hook", "https://localhost/hook"])
def test_loopback_literals_and_localhost_are_refused(settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(targets.TargetRefused, match="loopback, private, link-local or reserved"):
        targets.resolve_target(url)


def test_a_public_address_is_allowed(settings, resolves_to):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    resolves_to("93.184.216.34")
    assert targets.resolve_target("https://partner.example/hook") == ["93.184.216.34"]


def test_one_private_answer_among_public_ones_refuses_the_host(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    answers = [(socket.AF_INET, 1, 6, "", ("93.184.216.34", 443)), (socket.AF_INET, 1, 6, "", ("10.0.0.7", 443))]
    monkeypatch.setattr(targets, "getaddrinfo", lambda host, port, **kw: answers)
    with pytest.raises(targets.TargetRefused, match="10.0.0.7"):
        targets.resolve_target("https://partner.example/hook")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://partner.example/hook", targets.NOT_HTTPS),
        ("ftp://partner.example/hook", targets.NOT_HTTPS),
        ("https:///hook", targets.NO_HOST),
        ("https://partner.example:99999/hook", targets.BAD_PORT),
    ],
)
def test_malformed_or_plain_http_urls_are_refused(settings, url, message):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(targets.TargetRefused) as refused:
        targets.resolve_target(url)
    assert str(refused.value) == message


def test_the_development_setting_allows_http_and_loopback(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    assert targets.resolve_target("http://127.0.0.1:9/hook") == ["127.0.0.1"]
