"""``python -m framing COMMAND ...``: the command line (`framing.cli`) without the ``framing`` script on PATH."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m framing"))
