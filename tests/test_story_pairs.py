"""The story-shaped labeled set (recipes/story_pairs.py): labels as offsets, texts from ../shared."""

from __future__ import annotations

import collections
import json

import pytest

from recipes import story_pairs

from conftest import ROOT

SHARED = ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not (SHARED / story_pairs.BASIL_ZIP).is_file(), reason=f"shared data not found: {SHARED}")


def test_labels_hold_offsets_not_article_text():
    stories = story_pairs.read_stories()
    assert len(stories) >= 12 and sum(len(s["pairs"]) for s in stories) >= 400
    for story in stories:
        assert all(set(s) == {"id", "outlet", "start", "end", "sha1", "speaker", "party"} for s in story["statements"])
        party = {s["id"]: s["party"] for s in story["statements"]}
        assert all(party[p["a"]] != party[p["b"]] and p["label"] in (0, 1) for p in story["pairs"])


@needs_shared
def test_pairs_are_rebuilt_verbatim_split_by_story_and_never_held_out():
    rows = story_pairs.pairs(SHARED)
    banned = story_pairs.held_out(SHARED)
    assert not {r["story"] for r in rows} & banned
    by_split = collections.defaultdict(set)
    for r in rows:
        by_split[r["split"]].add(r["story"])
    assert set(by_split) == {"train", "calib", "dev"}
    assert not by_split["calib"] & by_split["dev"] and not by_split["train"] & (by_split["calib"] | by_split["dev"])
    assert sum(r["label"] for r in rows) >= 100 and all(r["text_a"] and r["text_b"] for r in rows)


@needs_shared
def test_extracted_stories_keep_their_split_and_minimal_pairs_are_training_only():
    hand = story_pairs.pairs(SHARED)
    rows = story_pairs.pairs(SHARED, story_pairs.EXTRACTED_FILE)
    assert len(rows) >= 8000 and {r["selection"] for r in rows} == {"extracted"}
    stories = {r["story"] for r in rows}
    assert len(stories | {r["story"] for r in hand}) >= 80
    assert not stories & story_pairs.held_out(SHARED)
    for r in rows:  # dev follows BASIL's share; the extra calib stories come from the train share
        assert (r["split"] == "dev") == (story_pairs.split_of("basil", r["story"]) == "dev")
    minimal = story_pairs.minimal_pairs(SHARED)
    assert minimal and {r["split"] for r in minimal} == {"train"}
    assert not {r["story"] for r in minimal} & {r["story"] for r in rows if r["split"] != "train"}
    assert sorted({r["label"] for r in minimal}) == [0, 1]


@needs_shared
def test_a_held_out_story_or_a_changed_text_is_refused(tmp_path):
    story = story_pairs.read_stories()[0]
    bad = tmp_path / "labels.jsonl"
    bad.write_text(json.dumps({**story, "event": sorted(story_pairs.held_out(SHARED))[0]}) + "\n")
    with pytest.raises(ValueError, match="is a held-out BASIL event"):
        story_pairs.pairs(SHARED, bad)
    moved = {**story, "statements": [{**story["statements"][0], "start": story["statements"][0]["start"] + 1},
                                     *story["statements"][1:]]}
    bad.write_text(json.dumps(moved) + "\n")
    with pytest.raises(ValueError, match="expected digest"):
        story_pairs.pairs(SHARED, bad)
