"""Write the annotators' story packets and second-opinion packets (docs/story_pairs.md, *How it was made*).

    python -m recipes.annotation.packets stories OUT [--labeled]   # one folder per BASIL story
    python -m recipes.annotation.packets second STORIES OUT        # a blind ~12 % sample of labeled pairs

A story folder holds ``articles.txt`` (the three outlets' articles, laid out as
`recipes.story_pairs.article_text`) and ``statements.json``: what `extract_statements` finds, with a
*guess* of speaker and party that the annotator corrects in ``sides.json`` (guide: ``GUIDE.md``). Then
``make_pairs.py`` lists the cross-party pairs to label (all, or a fixed sample of 170) and
``check_labels.py`` checks the labels; both are plain scripts, so annotators never run the library.
Held-out BASIL events are never written. ``--labeled`` writes the stories of the hand-picked set
instead of the others. A second-opinion folder holds the articles and a fixed random ~12 % of the
story's pairs to label, without the first labels (guide: ``SECOND_OPINION.md``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import warnings
from pathlib import Path

from recipes.story_pairs import articles, held_out, read_stories

OUTLET_NAMES = {"fox": "FOX", "hpo": "HUFFPOST", "nyt": "NYT"}
SECOND_SHARE, SECOND_MIN = 0.12, 8


def story_packets(out: Path, labeled: bool = False) -> dict[str, int]:
    """One folder per BASIL story (outside the held-out events); returns statements per story."""
    from framing.extract import extract_statements

    texts, banned = articles(), held_out()
    done = {s["event"] for s in read_stories()}
    events = sorted({e for e, _ in texts if e not in banned and (e in done) == labeled})
    counts = {}
    for event in events:
        folder = out / event
        folder.mkdir(parents=True, exist_ok=True)
        parts, found = [], []
        for outlet in sorted(o for (e, o) in texts if e == event):
            text = texts[(event, outlet)]
            parts.append(f"===== ARTICLE {OUTLET_NAMES.get(outlet, outlet)} (outlet={outlet}) =====\n{text}\n")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # unmapped speakers: the annotator assigns every side
                statements = extract_statements(text, source=outlet)
            found += [{"id": f"s{len(found) + i + 1}", "outlet": outlet, "start": s.start, "end": s.end,
                       "text": s.text, "sentence": s.sentence, "speaker_guess": s.speaker, "party_guess": s.party}
                      for i, s in enumerate(statements)]
        (folder / "articles.txt").write_text("\n".join(parts), encoding="utf-8")
        (folder / "statements.json").write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
        counts[event] = len(found)
    return counts


def second_packets(stories: Path, out: Path) -> dict[str, int]:
    """A fixed random ~12 % (at least 8) of each labeled story's pairs, for a blind second annotator."""
    counts = {}
    for folder in sorted(stories.iterdir()):
        todo_file = folder / "pairs_todo.jsonl"
        if not (folder / "labels.jsonl").is_file() or not todo_file.is_file() or (out / folder.name).exists():
            continue
        todo = [json.loads(x) for x in todo_file.read_text(encoding="utf-8").splitlines() if x.strip()]
        if not todo:
            continue
        rng = random.Random(int(hashlib.sha1(("second:" + folder.name).encode()).hexdigest()[:8], 16))
        pick = rng.sample(todo, min(len(todo), max(SECOND_MIN, round(SECOND_SHARE * len(todo)))))
        (out / folder.name).mkdir(parents=True)
        (out / folder.name / "articles.txt").write_text((folder / "articles.txt").read_text(encoding="utf-8"),
                                                        encoding="utf-8")
        with open(out / folder.name / "pairs_todo.jsonl", "w", encoding="utf-8") as f:
            for p in pick:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
        counts[folder.name] = len(pick)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="kind", required=True)
    stories = sub.add_parser("stories")
    stories.add_argument("out", type=Path)
    stories.add_argument("--labeled", action="store_true")
    second = sub.add_parser("second")
    second.add_argument("stories", type=Path)
    second.add_argument("out", type=Path)
    args = ap.parse_args()
    counts = story_packets(args.out, args.labeled) if args.kind == "stories" else second_packets(args.stories,
                                                                                                   args.out)
    print(f"{len(counts)} folders, {sum(counts.values())} " + ("statements" if args.kind == "stories" else "pairs"))


if __name__ == "__main__":
    main()
