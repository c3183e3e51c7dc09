"""Shared fixtures: tiny random BERT NLI checkpoints (built once per session) and a fake scorer."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

MAX_LENGTH = 64  # small, so over-long inputs are cheap to build

# Vocabulary for the word-level tokenizer: probe sentences, test sentences, seed statements.
_WORDS = """
a an the man woman dog animal children is are runs running sleeping awake and in park outside
door open closed it raining heavily weather dry sunny playing guitar on stage instrument two
eating apples talks were productive regrettable worrisome results of extremely us made
gangster-like demands not no never firm progress encouraged sanctions remain . , ! ? " '
""".split()


def _vocab() -> dict[str, int]:
    words = list(_WORDS)
    for line in (SEEDS / "seed_statements.jsonl").read_text(encoding="utf-8").splitlines():
        words += re.findall(r"\w+|[^\w\s]", json.loads(line)["text"].lower())
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    return {w: i for i, w in enumerate(dict.fromkeys(specials + words))}


def _build_tokenizer():
    from tokenizers import Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordLevel
    from transformers import PreTrainedTokenizerFast

    vocab = _vocab()
    core = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    core.normalizer = normalizers.Lowercase()
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    core.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=MAX_LENGTH,
    )


def _save_model(folder: Path, id2label: dict[int, str], tokenizer) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=MAX_LENGTH,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    model = BertForSequenceClassification(config).eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(autouse=True)
def _no_default_model_override(monkeypatch):
    """Tests see the repository's default model whatever FRAMING_MODEL says outside."""
    monkeypatch.delenv("FRAMING_MODEL", raising=False)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Folders of tiny random BERT classifiers, keyed by label layout.

    ``nli``: entailment/neutral/contradiction; ``permuted``: the same weights with labels
    CONTRADICTION/ENTAILMENT/NEUTRAL renamed (so outputs are the same logits, relabelled);
    ``generic``: LABEL_0..2; ``two_label``: a 2-way classifier.
    """
    base = tmp_path_factory.mktemp("tiny-models")
    tokenizer = _build_tokenizer()
    folders = {"nli": _save_model(base / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"}, tokenizer)}
    for key, id2label in {
        "permuted": {0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"},
        "generic": {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
    }.items():
        folder = base / key
        shutil.copytree(folders["nli"], folder)
        config_path = folder / "config.json"
        config = json.loads(config_path.read_text())
        config["id2label"] = {str(k): v for k, v in id2label.items()}
        config["label2id"] = {v: k for k, v in id2label.items()}
        config_path.write_text(json.dumps(config))
        folders[key] = folder
    folders["two_label"] = _save_model(base / "two_label", {0: "not_entailment", 1: "entailment"}, tokenizer)
    return folders


@pytest.fixture
def tiny_model(tiny_models, tmp_path) -> Path:
    """A per-test copy of the standard tiny NLI model folder (safe to modify)."""
    return Path(shutil.copytree(tiny_models["nli"], tmp_path / "model"))


@pytest.fixture(scope="session")
def tiny_detector(tiny_models):
    """A Detector on the standard tiny model (shared: do not modify)."""
    from framing import Detector

    return Detector.from_pretrained(tiny_models["nli"], check_labels=False)


class RuleScorer:
    """A torch-free scorer: contradiction when one text negates or opposes the other.

    ``p_contradiction`` is 0.9 for a pair where exactly one side has a negation word or the
    two sides hold an antonym pair, else 0.1.
    """

    name = "rule-scorer"
    calibrated = False
    NEGATIONS = {"not", "no", "never", "failed"}
    ANTONYMS = {
        frozenset({"productive", "regrettable"}),
        frozenset({"productive", "worrisome"}),
        frozenset({"encouraged", "worrisome"}),
        frozenset({"sleeping", "awake"}),
        frozenset({"open", "closed"}),
    }

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str]]] = []

    @staticmethod
    def _words(text: str) -> set[str]:
        return set(re.findall(r"[a-z]+", text.lower()))

    def _score(self, a: str, b: str) -> float:
        wa, wb = self._words(a), self._words(b)
        negated = bool(wa & self.NEGATIONS) != bool(wb & self.NEGATIONS) and len(wa & wb) >= 2
        opposed = any(pair <= (wa | wb) and not pair <= wa and not pair <= wb for pair in self.ANTONYMS)
        return 0.9 if negated or opposed else 0.1

    def score_pairs(self, texts_a: list[str], texts_b: list[str]) -> pd.DataFrame:
        self.calls.append((list(texts_a), list(texts_b)))
        p = np.array([self._score(a, b) for a, b in zip(texts_a, texts_b)], dtype=float)
        return pd.DataFrame(
            {
                "p_contradiction": p,
                "ab_contradiction": p,
                "ba_contradiction": p,
                "directions_disagree": np.zeros(len(p), dtype=bool),
            }
        )


@pytest.fixture
def fake_scorer() -> RuleScorer:
    return RuleScorer()


@pytest.fixture
def seed_statements() -> list[dict]:
    from framing import read_jsonl

    return read_jsonl(SEEDS / "seed_statements.jsonl")


def pytest_collection_modifyitems(config, items):
    """Skip `slow` tests (they need the shipped model) while models/ has no default model."""
    from framing.defaults import DEFAULT_MODEL_PATH

    if DEFAULT_MODEL_PATH.is_dir():
        return
    skip = pytest.mark.skip(reason=f"default model not built yet: {DEFAULT_MODEL_PATH}")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def fake_hub(tmp_path, monkeypatch):
    """Build hub repos in a private Hugging Face cache: ``fake_hub("owner/name", folder)`` copies
    ``folder`` as the repo's main revision; load it with ``local_files_only=True`` (no network)."""
    from huggingface_hub import constants

    cache = tmp_path / "hf-cache"
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    commit = "0" * 40

    def add(repo: str, folder: Path) -> Path:
        repo_dir = cache / ("models--" + repo.replace("/", "--"))
        snapshot = Path(shutil.copytree(folder, repo_dir / "snapshots" / commit))
        (repo_dir / "refs").mkdir()
        (repo_dir / "refs" / "main").write_text(commit)
        return snapshot

    return add
