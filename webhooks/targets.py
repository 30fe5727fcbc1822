"""Where webhooks may go: https URLs whose host resolves only to public addresses.

Checked when an endpoint is saved and again before every connection, whose socket
then goes to the address that was checked (a DNS answer cannot change in between).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

NOT_HTTPS = "must be an https:// URL."
NO_HOST = "must name a host."
BAD_PORT = "has a port that is not a number from 1 to 65535."
UNRESOLVABLE = "host {host} does not resolve ({error})."
FORBIDDEN_ADDRESS = (
    "host {host} resolves to {address}, a loopback, private, link-local or reserved address: "
    "webhooks go to public addresses only."
)


class TargetRefused(Exception):
    """The URL is not a place webhooks may be sent to; the message says why."""


# Injected so that tests can make a name resolve to any address without DNS.
getaddrinfo = socket.getaddrinfo


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback, whatever its notation
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )


def split_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL that may be a target, else TargetRefused."""
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE_TARGETS
    parts = urlsplit(url)
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise TargetRefused(NOT_HTTPS)
    if not parts.hostname:
        raise TargetRefused(NO_HOST)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise TargetRefused(BAD_PORT) from None
    return parts.scheme, parts.hostname, port


def resolve_target(url: str) -> list[str]:
    """The addresses to connect to for `url`, all checked; TargetRefused if any is not public."""
    _, host, port = split_url(url)
    try:
        infos = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(UNRESOLVABLE.format(host=host, error=exc)) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        # Every answer is checked: a name with one public and one private address is refused.
        for address in addresses:
            if not is_public(address):
                raise TargetRefused(FORBIDDEN_ADDRESS.format(host=host, address=address))
    return addresses
