"""Rule-based edits that turn a hypothesis into its negation or its antonym.

Captions never say "the talks were unproductive"; these edits teach the model
lexical and negation contradictions (see ``build_nli_data.generated``).
"""

from __future__ import annotations

import random
import re

# Evaluative pairs matter most for framing ("productive" vs "regrettable").
ANTONYMS = """
productive unproductive|successful unsuccessful|success failure|good bad|happy sad|positive negative
friendly hostile|cordial hostile|calm angry|agree disagree|accept reject|accepted rejected|win lose|won lost
increase decrease|increased decreased|rise fall|rose fell|more less|higher lower|high low|strong weak
legal illegal|true false|honest dishonest|fair unfair|safe dangerous|open closed|open shut|full empty
young old|new old|big small|large small|tall short|long short|fast slow|early late|hot cold|warm cold
wet dry|light dark|clean dirty|rich poor|easy difficult|easy hard|cheap expensive|alive dead|awake asleep
sitting standing|inside outside|indoors outdoors|up down|before after|always never|all none|many few
man woman|men women|boy girl|boys girls|male female|day night|summer winter|black white|loud quiet
empty crowded|together alone|laughing crying|smiling frowning|running walking|wins loses|support oppose
supports opposes|supported opposed|praised criticized|praises criticizes|welcomed condemned|welcomes condemns
progress setback|hopeful worried|optimistic pessimistic|encouraged discouraged|pleased displeased
constructive destructive|peaceful violent|allowed banned|allow ban|legalize ban|guilty innocent
benefit harm|benefits harms|helps hurts|helpful harmful|improve worsen|improved worsened|approve reject
approved rejected|confirmed denied|confirms denies|ally enemy|allies enemies|cooperation confrontation
trust distrust|trusted distrusted|respect disrespect|respectful disrespectful|generous rapacious|moderate extreme
"""
_PAIRS = [tuple(p.split()) for line in ANTONYMS.split("\n") for p in line.split("|") if p.strip()]
_SWAP: dict[str, list[str]] = {}
for _a, _b in _PAIRS:
    _SWAP.setdefault(_a, []).append(_b)
    _SWAP.setdefault(_b, []).append(_a)

_AUX = re.compile(r"\b(is|are|was|were|has|have|had|can|will|does|do|did|should|could|would)\b(?! not\b)(?!n't)", re.I)
_NEG = re.compile(r"\b(is|are|was|were|has|have|had|can|will|does|do|did|should|could|would) not\b", re.I)


def negate(sentence: str) -> str | None:
    """Insert or remove a negation on the first auxiliary; ``None`` if there is none.

    Example:
        >>> negate("A man is sleeping.")
        'A man is not sleeping.'
    """
    m = _NEG.search(sentence)
    if m:
        return sentence[: m.start()] + m.group(1) + sentence[m.end():]
    m = _AUX.search(sentence)
    if m:
        return sentence[: m.end()] + " not" + sentence[m.end():]
    return None


def swap_antonym(sentence: str, rng: random.Random) -> str | None:
    """Replace one word that has a listed antonym; ``None`` if none does.

    Example:
        >>> swap_antonym("The talks were productive.", random.Random(0))
        'The talks were unproductive.'
    """
    words = re.findall(r"\w+|\W+", sentence)
    options = [i for i, w in enumerate(words) if w.lower() in _SWAP]
    if not options:
        return None
    i = rng.choice(options)
    new = rng.choice(_SWAP[words[i].lower()])
    words[i] = new.capitalize() if words[i][0].isupper() else new
    return "".join(words)
