"""The three NLI label names, in the order every array in ``framing`` uses."""

#: Column order of every NLI probability array: index 0, 1, 2.
LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")
