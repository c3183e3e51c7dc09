"""Fine-tune a sequence-classification encoder into a three-way NLI model.

Built on ``datasets`` and the transformers ``Trainer``. Accepts three-way labels
(entailment / neutral / contradiction) and two *partial* labels: ``not_entailment`` of two-way
corpora, whose loss is ``-log(P(neutral) + P(contradiction))``, so "not entailed" is never
taught as "contradiction"; and ``no_clash``, whose loss is ``-log(P(entailment) + P(neutral))``,
what a "no clash" label of `framing.label_queue` says. Its "clash" labels (``clash``) train like
contradiction but keep their own id, so the metrics score clash rows apart from NLI rows.
`framing.pair_tables.clash_pairs` turns a labeled queue into training pairs, and `finetune` takes the
queue (``text_a`` / ``text_b`` / ``label``) as it is. The tables and their labels are read by
`framing.pair_tables`, the metrics are `framing.metrics.nli_metrics`, the card is `framing.model_card`.

Example:
    >>> import framing
    >>> det = framing.finetune("pairs.jsonl", base="path/to/encoder", output_dir="runs/mine")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import os
import platform
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from framing.checkpoints import hub_weights, match_weight_modes, quiet_weight_bars, resolve_source
from framing.inference import bf16_supported
from framing.labels import LABELS
from framing.metrics import nli_metrics
from framing.model_card import card_path, write_card
from framing.pair_tables import CLASH, NOT_ENTAILMENT, load_pairs

logger = logging.getLogger(__name__)

#: In ``output_dir``: the base model of the run, checked before resuming from its checkpoints.
RUN_RECORD = "framing-run.json"


def partial_label_loss(outputs: Any, labels: Any, num_items_in_batch: Any = None):
    """Cross-entropy for labels 0-2 (and 5, a clash, as contradiction); ``-log(P(neutral)+P(contradiction))``
    for label 3 and ``-log(P(entailment)+P(neutral))`` for label 4."""
    import torch

    logits = outputs["logits"] if isinstance(outputs, Mapping) else outputs[0]
    logp = torch.log_softmax(logits.float(), dim=-1)
    labels = torch.where(labels == CLASH, torch.full_like(labels, LABELS.index("contradiction")), labels)
    exact = labels < NOT_ENTAILMENT
    picked = logp.gather(1, labels.clamp(max=NOT_ENTAILMENT - 1).unsqueeze(1)).squeeze(1)
    not_entailed = torch.logsumexp(logp[:, 1:3], dim=-1)
    not_contradicted = torch.logsumexp(logp[:, 0:2], dim=-1)
    partial = torch.where(labels == NOT_ENTAILMENT, not_entailed, not_contradicted)
    per_row = -torch.where(exact, picked, partial)
    if num_items_in_batch is not None:
        return per_row.sum() / num_items_in_batch
    return per_row.mean()


def finetune(
    train: Any,
    *,
    base: str | os.PathLike,
    output_dir: str | os.PathLike,
    eval: Any = None,  # noqa: A002 - public name from the issue
    epochs: float = 1.0,
    learning_rate: float = 5e-5,
    batch_size: int = 32,
    max_length: int = 128,
    warmup: float = 0.06,
    weight_decay: float = 0.01,
    seed: int = 13,
    bf16: bool | None = None,
    save_steps: int = 500,
    eval_steps: int | None = None,
    columns: Mapping[str, str] | None = None,
    local_files_only: bool = True,
    card_notes: str = "",
    lora_rank: int | None = None,
):
    """Fine-tune ``base`` on labeled pairs and return a :class:`framing.Detector`.

    Checkpoints go to ``output_dir/checkpoints`` every ``save_steps`` steps; calling again
    with the same ``output_dir`` and ``base`` resumes from the last complete one (a different base
    is refused: ``framing-run.json`` records it). The final model (safetensors; no pickled
    ``training_args.bin``), tokenizer and a model card with the hyperparameters and the evaluation
    are written to ``output_dir``. The card is ``README.md``, unless a README.md that finetune did
    not write is there: that one is kept and the card goes to ``FRAMING_CARD.md``.

    Args:
        train: labeled pairs (see :func:`load_pairs`), or a labeled queue of `framing.label_queue`
            (its clash / no clash labels, both directions of each pair).
        base: a local folder or hub id of a sequence-classification encoder (with or without an NLI
            head); its weights must be safetensors (pickled ``pytorch_model.bin`` is refused).
        output_dir: where the model, checkpoints and card go.
        eval: optional labeled pairs to evaluate on at the end (and every ``eval_steps`` steps).
        epochs: passes over ``train``; fractional values are allowed.
        bf16: bf16 autocast; ``None`` uses it when the hardware supports it natively.
        max_length: tokens per pair in training; longer pairs are truncated, longest side first
            (inference never truncates: see :mod:`framing.nli`).
        lora_rank: train a low-rank adapter of this rank on every encoder linear layer (and the
            classification head in full) instead of all weights (needs ``peft``); the merged model
            is saved as usual and the adapter alone in ``output_dir/adapter``.

    Raises:
        ValueError: Bad data or labels, ``epochs`` or ``learning_rate`` not above 0, ``batch_size``,
            ``max_length`` or ``save_steps`` below 1, pickle-only or missing base weights, or
            checkpoints in ``output_dir`` from another base model.

    Example:
        >>> det = finetune("pairs.jsonl", base="encoder/", output_dir="runs/x", epochs=0.1)  # doctest: +SKIP
    """
    import torch
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
    )

    from .checks import check_positive_int, check_positive_number

    # Refused before any data is read or model loaded: epochs=0 would return the untrained base.
    check_positive_number("epochs", epochs, 1.0)
    check_positive_number("learning_rate", learning_rate, 5e-5)
    for name, value, example in (("batch_size", batch_size, 32), ("max_length", max_length, 128),
                                 ("save_steps", save_steps, 500)):
        check_positive_int(name, value, example)
    if lora_rank is not None:
        check_positive_int("lora_rank", lora_rank, 16)
    output_dir = Path(output_dir)
    started = time.time()
    train_ds = load_pairs(train, columns=columns)
    eval_ds = load_pairs(eval, columns=columns) if eval is not None else None
    if bf16 is None:
        bf16 = bf16_supported("cuda" if torch.cuda.is_available() else "cpu")

    source, folder = resolve_source(base)
    if folder is None and lora_rank is not None:
        raise ValueError(f"lora_rank expected a local base folder (its sha256 goes in base.json), got the hub id "
                         f"{source!r}. Download it first (huggingface_hub.snapshot_download) and pass the folder.")
    if folder is None:
        hub_weights(source, revision=None, local_files_only=local_files_only)  # refuses pickles
    card = card_path(output_dir)
    _check_run_record(output_dir, folder.resolve() if folder is not None else source)
    common = {"local_files_only": local_files_only, "trust_remote_code": False}
    tokenizer = AutoTokenizer.from_pretrained(source, **common)
    with quiet_weight_bars():
        model = AutoModelForSequenceClassification.from_pretrained(
            source,
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={name: i for i, name in enumerate(LABELS)},
            ignore_mismatched_sizes=True,
            use_safetensors=True,
            **common,
        )
    if lora_rank is not None:
        model = _with_lora(model, lora_rank)

    def encode(batch: dict) -> dict:
        enc = tokenizer(batch["premise"], batch["hypothesis"], truncation=True, max_length=max_length)
        enc["length"] = [len(ids) for ids in enc["input_ids"]]
        return enc

    keep = ["label"]
    train_tok = train_ds.map(encode, batched=True, remove_columns=[c for c in train_ds.column_names if c not in keep])
    eval_tok = (
        eval_ds.map(encode, batched=True, remove_columns=[c for c in eval_ds.column_names if c not in keep])
        if eval_ds is not None
        else None
    )
    lengths = np.asarray(train_tok["length"])
    truncated = int((lengths >= max_length).sum())
    logger.info("train pairs %d, tokens mean %.1f p95 %d, truncated at %d: %d", len(lengths), lengths.mean(),
                np.percentile(lengths, 95), max_length, truncated)
    train_tok = train_tok.rename_column("label", "labels")
    if eval_tok is not None:
        eval_tok = eval_tok.rename_column("label", "labels").remove_columns(["length"])

    args = TrainingArguments(
        output_dir=str(output_dir / "checkpoints"),
        num_train_epochs=epochs,
        learning_rate=learning_rate,
        per_device_train_batch_size=batch_size,
        per_device_eval_batch_size=64,
        warmup_steps=warmup,
        weight_decay=weight_decay,
        lr_scheduler_type="linear",
        logging_steps=50,
        logging_first_step=True,
        save_strategy="steps",
        save_steps=save_steps,
        save_total_limit=2,
        eval_strategy="steps" if (eval_tok is not None and eval_steps) else "no",
        eval_steps=eval_steps,
        bf16=bf16,
        use_cpu=not torch.cuda.is_available(),
        seed=seed,
        data_seed=seed,
        train_sampling_strategy="group_by_length",
        length_column_name="length",
        dataloader_num_workers=0,
        report_to="none",
        disable_tqdm=True,
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=train_tok,
        eval_dataset=eval_tok,
        data_collator=DataCollatorWithPadding(tokenizer),
        compute_loss_func=partial_label_loss,
        compute_metrics=lambda p: nli_metrics(p.predictions, p.label_ids),
    )
    last = latest_checkpoint(output_dir / "checkpoints")
    if last is not None:
        logger.info("resuming from %s", last)
    result = trainer.train(resume_from_checkpoint=str(last) if last is not None else None)

    # The model's own save: Trainer.save_model would add the pickled training_args.bin.
    with quiet_weight_bars():
        if lora_rank is not None:
            trainer.model.save_pretrained(str(output_dir / "adapter"))
            trainer.model = trainer.model.merge_and_unload()
        trainer.model.save_pretrained(str(output_dir))
    tokenizer.save_pretrained(str(output_dir))
    if lora_rank is not None:
        _complete_adapter_folder(output_dir, trainer.model, tokenizer, folder)
    match_weight_modes(output_dir)  # readable by others like the config, not transformers' 0600
    (output_dir / "training_args.bin").unlink(missing_ok=True)  # left by earlier framing versions
    metrics = trainer.evaluate() if eval_tok is not None else {}
    hyper = {
        "base": str(base), "epochs": epochs, "learning_rate": learning_rate, "batch_size": batch_size,
        "max_length": max_length, "warmup": warmup, "weight_decay": weight_decay, "seed": seed, "bf16": bf16,
        "train_pairs": len(train_ds), "train_tokens_mean": float(lengths.mean()),
        "truncated_pairs": truncated, "steps": int(result.global_step), "lora_rank": lora_rank,
        "wall_minutes_this_run": round((time.time() - started) / 60, 1),
        "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}",
    }
    (output_dir / "training.json").write_text(json.dumps({"hyperparameters": hyper, "eval": metrics}, indent=1))
    write_card(output_dir, hyper, metrics, train_ds, notes=card_notes, path=card)

    from framing.detector import Detector

    return Detector.from_pretrained(output_dir, local_files_only=True)


def _complete_adapter_folder(output_dir: Path, merged: Any, tokenizer: Any, folder: Path) -> None:
    """``output_dir/adapter`` loadable on its own (`framing.adapters`): the merged model's config, the
    tokenizer and ``base.json`` naming the base by its weights' sha256."""
    from .adapters import base_record

    adapter = output_dir / "adapter"
    merged.config.save_pretrained(str(adapter))
    tokenizer.save_pretrained(str(adapter))
    (adapter / "README.md").unlink(missing_ok=True)  # peft's empty template card
    (adapter / "base.json").write_text(json.dumps(base_record(folder), indent=1) + "\n")


def _with_lora(model: Any, rank: int) -> Any:
    """``model`` with a LoRA adapter on the encoder's linear layers; the head (new for a sentence
    encoder) trains in full (peft's sequence-classification task keeps it trainable)."""
    try:
        from peft import LoraConfig, TaskType, get_peft_model
    except ImportError as exc:
        raise ImportError("lora_rank needs peft: pip install 'framing-clash[train]'") from exc
    linear = sorted({n.rsplit(".", 1)[-1] for n, m in model.named_modules()
                     if type(m).__name__ == "Linear" and ".encoder." in n})
    config = LoraConfig(task_type=TaskType.SEQ_CLS, r=rank, lora_alpha=2 * rank, lora_dropout=0.1,
                        target_modules=rf".*\.encoder\..*\.({'|'.join(linear)})$")
    return get_peft_model(model, config)


def latest_checkpoint(folder: Path) -> Path | None:
    """The complete ``checkpoint-<step>`` folder with the highest step, or None.

    A checkpoint lacking its weights or a readable ``trainer_state.json`` (a run killed while
    saving) is skipped with a logged warning.

    Example:
        >>> latest_checkpoint(Path("no/such/folder")) is None
        True
    """
    found = [p for p in Path(folder).glob("checkpoint-*") if p.name.split("-")[-1].isdigit()]
    # By step number: "checkpoint-1000" sorts before "checkpoint-500" as text.
    for checkpoint in sorted(found, key=lambda p: int(p.name.split("-")[-1]), reverse=True):
        problem = _incomplete(checkpoint)
        if problem is None:
            return checkpoint
        logger.warning("skipping the incomplete checkpoint %s (%s); resuming from an earlier one", checkpoint, problem)
    return None


def _incomplete(checkpoint: Path) -> str | None:
    """Why a checkpoint folder cannot be resumed from, or None."""
    weights = [checkpoint / name for name in ("model.safetensors", "model.safetensors.index.json")]
    if not any(p.is_file() and p.stat().st_size > 0 for p in weights):
        return "no model weights"
    try:
        state = json.loads((checkpoint / "trainer_state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no readable trainer_state.json"
    return None if isinstance(state, dict) else "trainer_state.json is not a JSON object"


def _check_run_record(output_dir: Path, base: Any) -> None:
    """Refuse to resume checkpoints trained from another base; record this run's base."""
    record, base = output_dir / RUN_RECORD, str(base)
    if record.is_file():
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))["base"]
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(
                f"{record}: expected a JSON object with 'base', got an unreadable file ({error}). "
                "Delete it if the checkpoints next to it are from this base, or use another output_dir."
            ) from error
        if saved != base and any((output_dir / "checkpoints").glob("checkpoint-*")):
            raise ValueError(
                f"output_dir expected checkpoints of base {base!r}, got checkpoints of {saved!r} in "
                f"{str(output_dir / 'checkpoints')!r}; resuming would train the wrong model. Pass "
                f"base={saved!r} to resume, another output_dir, or delete that checkpoints folder."
            )
    elif any((output_dir / "checkpoints").glob("checkpoint-*")):
        logger.warning("%s holds checkpoints with no %s: their base cannot be checked", output_dir, RUN_RECORD)
    output_dir.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"base": base}, indent=1) + "\n", encoding="utf-8")


__all__ = ["finetune", "latest_checkpoint", "partial_label_loss"]
