#!/usr/bin/env python
"""Django's command-line utility for Retest."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    from django.core.management import execute_from_command_line

    from clinic.lib.dbcheck import explain_unreachable_database
    from clinic.lib.history_context import command_context

    # What a command changes is recorded in the history under the command's name.
    with explain_unreachable_database(), command_context(sys.argv):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
