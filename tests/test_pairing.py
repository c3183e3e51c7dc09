import pytest

from framing import Statement
from framing.pairing import make_pairs, normalise_text
from framing.statements import to_statements


def _s(party, text, **kw):
    return Statement(text, party, **kw)


def test_only_cross_party_pairs_each_once():
    items = [_s("US", "a"), _s("US", "b"), _s("NK", "c"), _s("JP", "d")]
    pairing = make_pairs(items)
    assert pairing.pairs == [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    assert all(pairing.statements[i].party != pairing.statements[j].party for i, j in pairing.pairs)


def test_within_party_adds_same_party_pairs():
    items = [_s("US", "a"), _s("US", "b"), _s("NK", "c")]
    assert make_pairs(items, within_party=True).pairs == [(0, 1), (0, 2), (1, 2)]


def test_duplicates_collapse_and_are_counted_without_touching_input():
    items = [
        _s("US", "The talks were productive."),
        _s("NK", "Regrettable."),
        _s("US", '  the talks were   "productive". '),
        _s("US", "The talks were productive."),
        _s("NK", "The talks were productive."),  # same text, other party: not a duplicate
    ]
    pairing = make_pairs(items)
    assert [s.text for s in pairing.statements] == [
        "The talks were productive.",
        "Regrettable.",
        "The talks were productive.",
    ]
    assert pairing.duplicates == [(0, 2), (0, 3)]
    assert pairing.n_duplicates == 2
    assert pairing.statements[0].meta == {"n_duplicates": 2}
    assert items[0].meta == {}
    assert pairing.pairs == [(0, 1), (0, 2)]


def test_single_party_gives_no_pairs():
    pairing = make_pairs([_s("US", "a"), _s("US", "b")])
    assert pairing.pairs == []
    assert pairing.parties == ["US"]


def test_normalize_text():
    assert normalise_text("  The  talks\nwere \u201cProductive\u201d ") == "the talks were productive"


def test_flags_and_floors_must_be_what_they_say():
    statements = to_statements([("US", "a b."), ("NK", "c d.")])
    with pytest.raises(TypeError, match=r"within_party expected True or False, got str 'no'"):
        make_pairs(statements, within_party="no")
    with pytest.raises(ValueError, match=r"min_similarity expected a number \(a cosine similarity\), got nan"):
        make_pairs(statements, min_similarity=float("nan"))
