"""Text scanning with offsets: HTML entities and zero-width characters (with a map back to the
original), paragraphs, quotes,
sentences, tokens and abbreviations.

Every span is a pair of offsets into the text scanned.

Example:
    >>> text = 'Mr. Kim said: "We are ready." Talks start soon.'
    >>> sentences_in(text, 0, len(text), find_quotes(text, 0, len(text)))
    [(0, 29), (30, 47)]
    >>> unescape_with_map("a &amp; b")
    ('a & b', [(0, 1), (1, 2), (2, 7), (7, 8), (8, 9)])
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .lexicon import ABBREVIATIONS

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
ALL_QUOTES = "\"'“”„«»‘’"
POSSESSIVE_END_RE = re.compile(r"['’]s$")  # "Obama's", "Obama’s"
INITIAL_RE = re.compile(r"[A-Z]\.")  # "E." in "Susan E. Rice" (with fullmatch)
_TOKEN_RE = re.compile(r"\((?:[^()]{0,40})\)|[^\W\d_][\w.’'\-]*|\d[\w.,:\-]*|[^\w\s]")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass
class Quote:
    """A quoted passage: its inside, its marks, whether double and whether closed in its paragraph."""

    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    outer_start: int  # the opening mark
    outer_end: int  # one past the closing mark (== end when unclosed)
    double: bool
    closed: bool


# Characters that join a word invisibly: zero-width space, non-joiner, joiner, word joiner, byte-order
# mark, soft hyphen. Dropped before scanning, so "Pom\u200bpeo" is one name (offsets still map back).
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CLEAN_RE = re.compile(f"{_ENTITY_RE.pattern}|{_INVISIBLE_RE.pattern}")


def unescape_with_map(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """Unescape HTML entities and drop zero-width characters and soft hyphens; return the clean
    text and, per clean character, its original span.

    The map is None when the text has neither (the common case: offsets are unchanged).
    """
    if not _INVISIBLE_RE.search(text) and ("&" not in text or not _ENTITY_RE.search(text)):
        return text, None
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _CLEAN_RE.finditer(text):
        found = match.group(0)
        replacement = _INVISIBLE_RE.sub("", html.unescape(found)) if found.startswith("&") else ""
        if replacement == found:
            continue
        pieces.append(text[pos : match.start()])
        spans.extend((k, k + 1) for k in range(pos, match.start()))
        pieces.append(replacement)
        spans.extend([(match.start(), match.end())] * len(replacement))
        pos = match.end()
    pieces.append(text[pos:])
    spans.extend((k, k + 1) for k in range(pos, len(text)))
    return "".join(pieces), spans


_LINE_RE = re.compile(r"[^\n\r]+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines (news paragraphs and the headline)."""
    spans = []
    for match in _LINE_RE.finditer(text):
        if match.group(0).strip():
            spans.append((match.start(), match.end()))
    return spans


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quoted passages in one paragraph: double quotes, then single quotes outside them."""
    quotes: list[Quote] = []
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in '"“”„«»':
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if ch in _DOUBLE_OPEN or (ch == '"' and (prev.isspace() or prev in "([{—–-:,;/" or i == start)):
                open_at = i
            elif ch == '"' and not nxt.isalnum():
                continue  # stray closing mark
            elif ch == '"':
                open_at = i
        else:
            closing = ch in _DOUBLE_CLOSE or ch == '"'
            if ch in _DOUBLE_OPEN and not (prev.isspace() or i == start):
                closing = True
            if ch in _DOUBLE_OPEN and closing is False:
                open_at = i  # an opening mark inside an open quote: restart from here
                continue
            if closing:
                quotes.append(Quote(open_at + 1, i, open_at, i + 1, True, True))
                open_at = -1
    if open_at >= 0:
        # Unbalanced: the quote runs to the end of the paragraph (multi-paragraph quotes, cut text).
        stop = end
        while stop > open_at + 1 and text[stop - 1].isspace():
            stop -= 1
        if stop > open_at + 1:
            quotes.append(Quote(open_at + 1, stop, open_at, stop, True, False))
    # Single quotes: an opening mark after a space, a closing mark before a space/punctuation.
    inside = [(q.outer_start, q.outer_end) for q in quotes]
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in "'‘’":
            continue
        if any(a <= i < b for a, b in inside):
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if (prev.isspace() or prev in "([{—–-:,;" or i == start) and nxt.isalnum() and ch != "’":
                open_at = i
        else:
            if not nxt.isalnum() and not prev.isspace() and ch != "‘":
                if i - open_at <= 120:
                    quotes.append(Quote(open_at + 1, i, open_at, i + 1, False, True))
                open_at = -1
            elif text[open_at:i].count(".") and i - open_at > 120:
                open_at = -1
    quotes.sort(key=lambda q: q.outer_start)
    return quotes


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the '.' at ``dot`` ends an abbreviation or an initial, not a sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    if len(word) == 1 and text[j].isupper():
        return True  # an initial: "Susan E. Rice"
    if "." in word and len(word) <= 6:
        return True  # "U.S", "a.m", "R-S.C" pieces
    return False


# end punctuation (and closing marks) before a capital or digit
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’»)]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def sentences_in(text: str, start: int, end: int, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph; never split inside a double-quoted passage."""
    blocked = [(q.start, q.end) for q in quotes if q.double]
    spans = []
    sent_start = start
    for match in _SENTENCE_END_RE.finditer(text[start:end]):
        cut = start + match.end()
        punct = start + match.start()
        if any(a < punct < b - 1 for a, b in blocked) and not any(b == cut - 1 or b == cut for a, b in blocked):
            continue
        if text[punct] == "." and match.end() - match.start() == 1 and _is_abbreviation(text, punct):
            continue
        spans.append((sent_start, cut))
        sent_start = cut
        while sent_start < end and text[sent_start].isspace():
            sent_start += 1
    if sent_start < end:
        spans.append((sent_start, end))
    return spans


def strip_span(text: str, start: int, end: int, *, trailing: str = " ,;:—–-") -> tuple[int, int]:
    """``[start, end)`` without surrounding spaces and without trailing ``trailing`` characters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return start, end


def tokens(s: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` of the words, numbers, short parentheticals and punctuation of ``s``."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(s)]


_DOTTED_LETTERS_RE = re.compile(r"(?:[a-z]\.)*[a-z]")


def is_abbreviation_word(word: str) -> bool:
    """'Mr.', 'Sen.', 'U.S.', 'E.' (an initial) are abbreviations; 'Sunday.' is not."""
    low = word.lower().rstrip(".")
    return low in ABBREVIATIONS or bool(_DOTTED_LETTERS_RE.fullmatch(low)) and len(low) <= 5


_FIRST_LINE_RE = re.compile(r"[^\n]+")
_LETTER_WORD_RE = re.compile(r"[^\W\d_][\w’'\-]*")


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """The headline's span when it is in title case (names cannot be told from words there)."""
    spans = []
    for match in list(_FIRST_LINE_RE.finditer(text))[:1]:
        words = [w for w in _LETTER_WORD_RE.findall(match.group(0)) if len(w) > 3]
        if (len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
                and not match.group(0).rstrip().endswith(".")):
            spans.append((match.start(), match.end()))
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True if ``pos`` lies in one of ``spans``."""
    return any(a <= pos < b for a, b in spans)


_ABBREVIATION_DOT_RE = re.compile(
    r"(?<![\w.])(?:(?:Mr|Ms|Mrs|Dr|Sens?|Reps?|Gov|Gen|Lt|Col|Adm|St|Jr|Sr|Sgt|Capt|Prof|No|Inc|Corp|"
    r"Calif|Ariz|Mass|Conn|Ill|Fla|Wash|Mich|Minn|Tenn|Wis|Colo|Nev|Okla|Ala|Ark|Miss|Neb|Kan|Ind|Vt|Va|Md|Pa|Ga|Ky|Mo|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
    r"\.|(?:[A-Z]\.)+(?:[A-Z]\b)?)"
)


def mask_abbreviations(text: str) -> str:
    """Same-length copy of ``text`` where the dots of abbreviations and initials are '·'."""
    return _ABBREVIATION_DOT_RE.sub(lambda m: m.group(0).replace(".", "·"), text)


def clean_tok(tok: str) -> str:
    """A token without a final possessive or apostrophe."""
    tok = POSSESSIVE_END_RE.sub("", tok)
    return tok.rstrip("’'")



def is_cap(tok: str) -> bool:
    """The token starts with a capital letter."""
    return bool(tok) and tok[0].isupper()
