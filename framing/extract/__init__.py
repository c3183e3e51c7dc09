"""Who said what: statements with speaker and party, straight from a news article.

`extract_statements` has three extractors: ``method="hybrid"`` (the default: the rules' statements
completed by the parser's, `hybrid`; better than the rules on three blind sets), ``method="rules"``
(regular expressions and heuristics, pure Python, 13x faster) and ``method="parser"`` (spaCy's
dependency parse and entities: `pipeline`, `parsed`); all give the same `framing.Statement`s. `sides`
gives the speaker -> side table of an article and writes it as a parties map to edit and pass back;
`extract_articles` reads many articles at once. The rules find

* direct quotes in straight or curly quotes, with the attribution before or after the quote,
  quotes interrupted by their attribution (``"...," he said, "..."``) and quotes that continue
  the previous speaker's quote;
* quoted words a speaker "called" something (``what it called "rapacious" demands``);
* indirect speech after a reporting verb (``Pompeo said on Sunday that ...``, ``... , the
  spokesman said.``, ``vowed to ...``, ``according to ...``) and headlines such as
  ``"North Korea says ..."`` or ``"Reid: ..."``;

and resolves the speaker (full name, surname, title + name, ``Mr``/``Ms``, roles such as
``"the secretary of state"``, pronouns when one candidate is clear, institutions such as
``"a North Korean statement"``) and the party: first from the user's ``parties`` mapping
(case-insensitive, partial names), else from nationality, country, capital and organisation
words next to the name (``"US Secretary of State"``, ``"North Korean official"``,
``"(D-N.Y.)"``), else ``None`` with a warning that lists the speakers left without a party.

Offsets: every statement satisfies ``text[s.start:s.end] == s.text`` on the text passed in.
HTML entities (``&quot;``, ``&#8220;`` ...) are unescaped for the analysis only; offsets and
``Statement.text`` stay in the original string, and the unescaped text is kept in
``meta["unescaped"]`` when it differs.

The method, the measured precision/recall and the known error classes are in
``docs/extraction.md``.

The package, in reading order: `lexicon` (word lists), `scanning` (paragraphs, quotes, sentences,
tokens with offsets), `people` (the people the article names), `parties` (party from words or from
the ``parties`` mapping), `article` (what the rules share while reading one article), `verbs` (the
reporting verbs of a passage), `mentions` (the noun phrase that names a speaker), `speakers` (a
mention resolved to a person, institution or role, and the words that give its party), `recording`
(a found statement checked and recorded), the rule families `reported` (indirect speech, headlines,
"according to"), `direct` (quotes), `called` ("called X", quoted or not) and `nominal` ("claims by X
that", "X blamed Y for"), `reading` (the order in which they run) and `assembly` (the public
`extract_statements` and `unmapped_speakers`).
"""

from .assembly import (  # noqa: F401 (UNMAPPED_LISTED, DEFAULT_METHOD)
    DEFAULT_METHOD,
    UNMAPPED_LISTED,
    extract_articles,
    extract_statements,
    sides,
    unmapped_speakers,
)
from .recording import MIN_CLAUSE_WORDS  # noqa: F401
from .side_assignment import write_parties

__all__ = ["extract_articles", "extract_statements", "sides", "unmapped_speakers", "write_parties"]
