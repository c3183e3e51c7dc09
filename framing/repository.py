"""Folders of the repository that framing ships with: the seed article and its labels (``seeds/``).

Kept apart from `framing.demo` so that importing the package never imports the demo module
(``python -m framing.demo`` would then warn that it was imported twice).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SEEDS", "seed_folder"]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_folder() -> Path:
    """The repository's ``seeds/`` folder (article, statements, labeled pairs), found from the
    package's location, so notebooks and scripts work from any working folder.

    Raises:
        FileNotFoundError: framing is installed without its source tree.
    """
    if not SEEDS.is_dir():
        raise FileNotFoundError(
            f"seeds folder expected at {str(SEEDS)!r}, got no such folder: framing is installed without its "
            "repository. Use a clone or an editable install (pip install -e .)."
        )
    return SEEDS
