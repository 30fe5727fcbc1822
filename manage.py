#!/usr/bin/env python
"""Django's command-line utility for the cookie shop."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cookieshop.settings")
    if sys.argv[1:2] == ["test"]:
        # The settings are read before the test runner hands over to pytest: set here what
        # pyproject.toml sets for pytest (no .env, development mode unless the shell says).
        os.environ["ENV_FILE"] = ""
        os.environ.setdefault("DEBUG", "True")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
