"""Provides free_port(): a loopback TCP port for a server the tests or the bench start."""

import socket


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
