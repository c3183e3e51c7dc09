"""The people an article names: one registry built from the whole text, with their titles, roles
and gender, and fast lookups from a mention to a full name.

Example:
    >>> people = Registry("US Secretary of State Mike Pompeo met Kim Yong Chol. Mr. Pompeo spoke.")
    >>> list(people.people), people.lookup("Mr. Pompeo"), people.role_holder("the secretary of state")
    (['Mike Pompeo', 'Kim Yong Chol'], 'Mike Pompeo', 'Mike Pompeo')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .lexicon import COUNTRY_WORDS, LEADING_SKIP, NOT_NAME, ROLE_NORMAL, TITLE_ELECT, TITLES, US_STATES
from .scanning import (
    INITIAL_RE,
    POSSESSIVE_END_RE,
    clean_tok,
    in_spans,
    is_abbreviation_word,
    is_cap,
    title_case_lines,
    tokens,
)


@dataclass
class _Person:
    name: str
    gender: str | None = None  # "m", "f" or None
    party_context: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    described: list[str] = field(default_factory=list)  # descriptions resolved to this person ("the GOP chairman")


_WORD_RE = re.compile(r"[\w][\w\-’'.]*")
WORD_CHAR = re.compile(r"\w")
_HEAD = re.compile(r"(?<!\w)\w+")  # a word start and its first run of word characters


_POSSESSIVE_OR_DOT_END_RE = re.compile(r"(?:['’]s)?\.?$")


def _last_word(text: str) -> str:
    """The last word of a name, or a word of a mention, without a possessive or a final dot."""
    words = text.split()
    word = words[-1] if words else text
    return _POSSESSIVE_OR_DOT_END_RE.sub("", word)


@functools.cache
def _name_at_end(low_name: str) -> re.Pattern:
    """A mention ends with this (lower-case) name, maybe with ``'s`` or ``jr.`` after it."""
    return re.compile(r"(?<!\w)" + re.escape(low_name) + r"(?:['’]s)?(?:\s+(?:jr|sr)\.?)?$")



# "Korean Central News Agency (KCNA)": an acronym after its full name
_ACRONYM_INTRODUCED_RE = re.compile(r"((?:(?:[A-Z][\w’']*|of|and|for)\s+){1,7}[A-Z][\w’']*)\s+\(([A-Z]{2,6})\)")
_HONORIFIC_RE = re.compile(r"\b(Mr|Ms|Mrs)\.?\s+([^\W\d_][\w\-’'.]*)")
_NAME_WORD_RE = re.compile(r"[^\W\d_][\w\-’'.]*")
_ARTICLE_START_RE = re.compile(r"^(?:the|a|an)\s+")
_AMERICAN_START_RE = re.compile(r"^(?:u\.s\.|us|american)\s+")
_TITLE_QUALIFIER_RE = re.compile(r"^(?:u\.s\.|us|american|former|top|senior)\s+")
_WOMAN_ROLE_RE = re.compile(r"(?:spokeswoman|chairwoman|congresswoman|businesswoman)\s+")
_SUBORDINATE_TITLE_RE = re.compile(r"(?:vice|deputy|former|assistant)\b")


# A one-word country or nationality word other than "american", in a lower-case title.
_FOREIGN_NATIONALITY_RE = re.compile(r"\b(?!american\b)(?:" + "|".join(
    re.escape(w.lower()) for w in COUNTRY_WORDS if w[0].isupper() and " " not in w
) + r")\b")


class Registry:
    """People named in the article, built once from the whole text."""

    def __init__(self, text: str):
        self.text = text
        self.people: dict[str, _Person] = {}
        self.by_last: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        self.acronyms: dict[str, str] = {}
        self.roles: dict[str, list[str]] = {}
        self._multiword_by_last: dict[str, list[str]] = {}
        self._scan()
        self._index()

    def _index(self) -> None:
        """Lookups that stay fast however many people a long text names: names by their last
        word (lower case), and one pattern that finds any name or last name in a passage."""
        self._order = {name: k for k, name in enumerate(self.people)}
        self._positions: dict[str, list[int]] | None = None
        self._by_last_lower: dict[str, list[str]] = {}
        for name in self.people:
            self._by_last_lower.setdefault(_last_word(name.lower()), []).append(name)
        self._holders: dict[str, list[str]] = {}
        for name in self.people:
            for key in dict.fromkeys((name, name.split()[-1])):
                self._holders.setdefault(key, []).append(name)
        keys = sorted(self._holders, key=len, reverse=True)
        self._keys_by_head: dict[str, list[str]] = {}  # first \w+ run -> keys, longest first
        for key in keys:
            head = _HEAD.match(key)
            self._keys_by_head.setdefault(head.group(0) if head else "", []).append(key)

    def _scan(self) -> None:
        text = self.text
        headline = title_case_lines(text)
        toks = [t for t in tokens(text) if not in_spans(t[1], headline)]
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i][0]
            if not is_cap(tok):
                i += 1
                continue
            j = i
            run = []
            while j < n and (is_cap(toks[j][0]) or INITIAL_RE.fullmatch(toks[j][0])):
                run.append(j)
                word = toks[j][0]
                # stop a run at a possessive, a sentence end or punctuation between tokens
                if POSSESSIVE_END_RE.search(word) or (word.endswith(".") and not is_abbreviation_word(word)):
                    j += 1
                    break
                if j + 1 < n and (toks[j + 1][1] - toks[j][2] > 1 or text[toks[j][2] : toks[j + 1][1]].strip()):
                    j += 1
                    break
                j += 1
            self._add_run([toks[k] for k in run], toks[max(0, i - 5) : i])
            i = max(j, i + 1)
        # a one-word name ("Mr. Pompeo") joins the one full name that ends with it
        for name in [n for n in self.people if " " not in n]:
            full = [n for n in self.by_last.get(name, []) if " " in n]
            if len(full) == 1 and not [n for n in self.by_first.get(name, []) if " " in n]:
                person, target = self.people.pop(name), self.people[full[0]]
                target.roles |= person.roles
                self.by_last[name] = full
                self.by_first.pop(name, None)
                for key, holders in self.roles.items():
                    self.roles[key] = list(dict.fromkeys(full[0] if h == name else h for h in holders))
        self.roles = {k: v for k, v in self.roles.items() if k not in {"of", "the", "state", "house", "senate"}}
        for match in _ACRONYM_INTRODUCED_RE.finditer(text):
            self.acronyms[match.group(2)] = match.group(1)
        # Gender from the first "Mr./Ms./Mrs. <last name>", else "spokeswoman <name>": one pass each
        # over the text (a search per person grows with people x text).
        titled: dict[str, str] = {}  # every prefix of the word after a title -> the first title
        for match in _HONORIFIC_RE.finditer(text):
            word = match.group(2)
            for k in range(1, len(word) + 1):
                titled.setdefault(word[:k], match.group(1))
        women = [m.end() for m in _WOMAN_ROLE_RE.finditer(text)]
        for name, person in self.people.items():
            title = titled.get(name.split()[-1])
            if " " in name and name.split()[-1] in self.people:
                title = None  # "Mr. Trump" with "Trump" and "Melania Trump" known: the bare surname's, not hers
            if title is not None:
                person.gender = "m" if title == "Mr" else "f"
            elif any(text.startswith(name, at) for at in women):
                person.gender = "f"

    def _add_run(self, run: list[tuple[str, int, int]], before: list[tuple[str, int, int]]) -> None:
        words = [t[0] if is_abbreviation_word(t[0]) else clean_tok(t[0].rstrip(".")) for t in run]
        # strip titles, nationality words and sentence-initial function words at the front
        k = 0
        while k + 1 < len(words) and f"{words[k]} {words[k + 1]}" in COUNTRY_WORDS:
            k += 2  # "South Korean Foreign Minister ..."
        for size in (2, 1):  # "Vermont Sen. Bernie Sanders", "West Virginia Gov. Jim Justice"
            if (len(words) > k + size and " ".join(words[k : k + size]) in US_STATES
                    and words[k + size].lower().rstrip(".") in TITLES):
                k += size
                break
        while k < len(words) and (
            words[k].lower().rstrip(".") in TITLES or words[k].lower() in TITLES
            or words[k] in COUNTRY_WORDS or words[k].lower() in LEADING_SKIP
            or words[k].lower() in {"the", "a", "an", "u.s"}
        ):
            k += 1
        inner = [j for j in range(k, len(words) - 2) if words[j].lower().rstrip(".") in TITLES - {"of", "state"}]
        if inner and not any(w.lower() in NOT_NAME for w in words[inner[-1] + 1 :]):
            k = inner[-1] + 1  # "Weekly Standard Editor Bill Kristol", "Supreme Court Justice Ruth Bader Ginsburg"
        name_words = words[k:]
        while name_words and name_words[-1] in {"Jr.", "Sr.", "Jr", "Sr", "II", "III"}:
            name_words = name_words[:-1] if len(name_words) > 2 else name_words
            break
        core = [w for w in name_words if w not in {"Jr.", "Sr.", "Jr", "Sr"}]
        # words before the run that belong to the title: "Secretary of State", "U.S. President"
        pre = []
        for tok in reversed(before):
            w = clean_tok(tok[0]).rstrip(",")
            if TITLE_ELECT.sub("", w.lower()) in TITLES or w in COUNTRY_WORDS or w.lower() in {"u.s.", "us"}:
                pre.insert(0, w)
            else:
                break
        title_words = pre + words[:k]
        titled = any(w.lower().rstrip(".") in TITLES - {"of", "state", "house", "senate", "top", "former", "senior"}
                     for w in title_words)
        if len(core) == 1 and titled and words[k - 1].lower().rstrip(".") in TITLES:
            pass  # "President Obama", "Mr. Fox": a one-word name after a title
        elif len(core) < 2 or len(core) > 4:
            return
        if any(w.lower() in NOT_NAME or w.lower() in TITLES or any(p in COUNTRY_WORDS for p in w.split("-"))
               for w in core):
            return
        if " ".join(core) in US_STATES or core[-1].lower() in {"republican", "democrat", "republicans", "democrats"}:
            return  # a place, or "the Arizona Republican" (a description, not a name)
        if any(not _NAME_WORD_RE.fullmatch(w) for w in core):
            return
        name = " ".join(name_words)
        if name not in self.people:
            # merge "Mike Pompeo" into an existing longer name and vice versa (the first one named)
            for other in self._multiword_by_last.get(core[-1], ()):
                if other in self.people and other.split()[0] == core[0]:
                    name = other if len(other) >= len(name) else name
                    break
        if name not in self.people and " " in name:
            self._multiword_by_last.setdefault(name.split()[-1], []).append(name)
        person = self.people.setdefault(name, _Person(name))
        last = core[-1]
        first = core[0]
        self.by_last.setdefault(last, [])
        if name not in self.by_last[last]:
            self.by_last[last].append(name)
        self.by_first.setdefault(first, [])
        if name not in self.by_first[first]:
            self.by_first[first].append(name)
        title = " ".join(w for w in title_words if w.lower().rstrip(".") not in {"mr", "ms", "mrs", "dr"}).lower()
        if title:
            person.roles.add(title)
            plain = _TITLE_QUALIFIER_RE.sub("", title)
            keys = {title, plain}
            if not _SUBORDINATE_TITLE_RE.match(plain):
                keys.add(plain.split()[-1])
                if " of " in plain:
                    keys.add(plain.split(" of ")[0].split()[-1])
            keys |= {ROLE_NORMAL[w] for w in title.split() if w in ROLE_NORMAL}
            for key in keys:
                self.roles.setdefault(key, [])
                if name not in self.roles[key]:
                    self.roles[key].append(name)

    def lookup(self, mention: str) -> str | None:
        """The full name of the person a mention refers to, or None."""
        low = mention.lower()
        best = None
        candidates = {n for word in _WORD_RE.findall(low) for n in self._by_last_lower.get(_last_word(word), ())}
        for name in sorted(candidates, key=self._order.__getitem__):
            if _name_at_end(name.lower()).search(low):
                if best is None or len(name) > len(best):
                    best = name
        if best:
            return best
        raw = _NAME_WORD_RE.findall(mention)
        while raw and raw[-1] in {"Jr.", "Sr.", "Jr", "Sr"}:
            raw = raw[:-1]
        if not raw or POSSESSIVE_END_RE.search(raw[-1]):
            return None
        words = [clean_tok(w) for w in raw][-1:]
        for word in reversed(words):
            cands = self.by_last.get(word, [])
            if len(cands) == 1:
                return cands[0]
            if len(cands) > 1:
                return None
        for word in reversed(words):
            cands = self.by_first.get(word, [])
            if len(cands) == 1 and not self.by_last.get(word):
                return cands[0]
        return None

    def role_holder(self, mention: str) -> str | None:
        """A role such as 'the secretary of state' -> the one person named with that title."""
        role = _ARTICLE_START_RE.sub("", mention.strip().lower())
        role = _AMERICAN_START_RE.sub("", role)
        for key in (role, role.split()[-1] if role.split() else role):
            cands = self.roles.get(key, [])
            if key == "president":
                # prefer a president not introduced with a foreign nationality word
                cands = [c for c in cands if not any(
                    r for r in self.people[c].roles if _FOREIGN_NATIONALITY_RE.search(r))] or cands
            if len(cands) == 1:
                return cands[0]
        return None

    def keys_at(self, text: str, at: int) -> list[str]:
        """The names and last names that occur in ``text`` at ``at`` as whole words, longest first."""
        head = _HEAD.match(text, at)
        if head is None:
            return []
        return [key for key in self._keys_by_head.get(head.group(0), ())
                if text.startswith(key, at) and not WORD_CHAR.match(text, at + len(key))]

    def blank_names(self, text: str, keep: str = "") -> str:
        """``text`` with each name or last name (longest first, left to right) replaced by a space,
        except those inside ``keep`` (lower case)."""
        parts, last = [], 0
        for word in _HEAD.finditer(text):
            if word.start() < last:
                continue
            keys = self.keys_at(text, word.start())
            if keys and keys[0].lower() not in keep:
                parts.append(text[last : word.start()] + " ")
                last = word.start() + len(keys[0])
            elif keys:
                parts.append(text[last : word.start() + len(keys[0])])
                last = word.start() + len(keys[0])
        return "".join(parts) + text[last:]

    def key_positions(self, key: str) -> list[int]:
        """Start of every whole-word occurrence of a name or last name in the text (one pass
        over the text for all keys, made on first use)."""
        if self._positions is None:
            self._positions = {}
            for word in _HEAD.finditer(self.text):
                for candidate in self.keys_at(self.text, word.start()):
                    self._positions.setdefault(candidate, []).append(word.start())
        return self._positions.get(key, [])

    def person_mentions(self, start: int, end: int) -> list[tuple[int, str]]:
        """(position, full name) of every person mention between ``start`` and ``end``."""
        seg = self.text[start:end]
        found = set()
        for word in _HEAD.finditer(seg):
            for key in self.keys_at(seg, word.start()):
                found.update((start + word.start(), name) for name in self._holders[key])
        return sorted(found)
