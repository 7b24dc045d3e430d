#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that work without the database and Redis: help, code inspection, translations
# and static files (collectstatic runs while the Docker image is built, with no servers).
NO_SERVICES = {
    "check",
    "collectstatic",
    "compilemessages",
    "compile_translations",
    "diffsettings",
    "findstatic",
    "help",
    "makemessages",
    "makemigrations",
    "sendtestemail",
    "spectacular",
    "startapp",
    "startproject",
    "update_translations",
    "version",
}


def needs_services(argv: list[str]) -> bool:
    """Tell whether the command in ``argv`` talks to the database or Redis."""
    command = argv[1] if len(argv) > 1 else "help"
    return not command.startswith("-") and command not in NO_SERVICES


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings.base")
    from django.core.management import execute_from_command_line

    if needs_services(sys.argv):
        from bureau.embedded import check_configured_services

        # One line saying which server is down and how to fix it, instead of a traceback.
        check_configured_services()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
