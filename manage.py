#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read only the code, the migrations and the catalogues: they sign nothing and
# serve nothing, so a bare checkout (CI, a hook, an editor) may run them without the production
# secret. Every other command still refuses to start without SECRET_KEY (or DEBUG=1).
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
