"""The ``anzhi`` console command: Django's management commands for operators.

    anzhi migrate | anzhi load_regions | anzhi load_demo | anzhi verify-draw FILE | …

Dashes in command names are accepted for underscores (``verify-draw`` → ``verify_draw``).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anzhi.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
