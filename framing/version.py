"""framing's version, kept in one leaf module: the package (`framing.__version__`), the build
(``pyproject.toml`` reads it) and every result's ``framing_version`` take it from here."""

__version__ = "0.2.0"
