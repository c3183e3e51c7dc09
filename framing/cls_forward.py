"""An exact, cheaper forward pass for BERT sequence classifiers: the last layer works on [CLS] only.

A BERT classifier reads a single row of the last layer's output, the [CLS] token's (through the
pooler). Every other row of that layer feeds nothing, so here the last layer projects the query,
runs the attention output and the feed-forward block for [CLS] alone; keys and values still come
from every token. The same modules and weights run (bf16 autocast works too) and the logits equal
the full forward pass up to float rounding (tests/test_nli.py). On a 6-layer encoder this skips
about 1/7 of the FLOPs (benchmarks/RESULTS.md has the measured speed-up). Anything this pass would
silently bypass or change sends the model to its own forward pass: other architectures, training
mode, hooks, non-default attention or position embeddings, quantised layers (dynamic int8 scales a
Linear's input by its whole range, so fewer rows would change the numbers).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F


def supports(model: Any) -> bool:
    """True for a plain encoder-only ``BertForSequenceClassification`` in eval mode.

    Left to the model's own ``forward``: subclasses, any module in training mode (dropout),
    decoders and cross-attention, relative position embeddings, attention implementations other
    than eager / sdpa, quantised or replaced Linear layers, forward hooks (including
    accelerate's dispatch hooks) and a patched ``forward``, all of which this pass would skip.
    """
    from transformers import BertForSequenceClassification

    if type(model) is not BertForSequenceClassification or any(m.training for m in model.modules()):
        return False
    config = model.config
    if getattr(config, "is_decoder", False) or getattr(config, "add_cross_attention", False):
        return False
    if getattr(config, "position_embedding_type", "absolute") != "absolute":
        return False
    if getattr(config, "_attn_implementation", None) not in {None, "eager", "sdpa"}:
        return False
    bert = model.bert
    layers = list(bert.encoder.layer)
    if bert.pooler is None or not layers or not all(hasattr(layer.attention.self, "scaling") for layer in layers):
        return False
    linears = [m for layer in layers for m in layer.modules() if "Linear" in type(m).__name__]
    if any(type(m) is not torch.nn.Linear for m in linears):
        return False
    if "forward" in vars(model) or any(
        m._forward_hooks or m._forward_pre_hooks or hasattr(m, "_hf_hook") for m in model.modules()
    ):
        return False
    return True


def logits(
    model: Any,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    token_type_ids: torch.Tensor | None = None,
) -> torch.Tensor:
    """Classifier logits of a batch, as ``model(...).logits`` would give, for a `supports` model."""
    bert = model.bert
    hidden = bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
    batch, width, size = hidden.shape
    # Boolean mask, True where a key may be attended: broadcast over heads and query rows.
    mask = attention_mask.bool()[:, None, None, :]
    layers = bert.encoder.layer
    for number, layer in enumerate(layers):
        attention = layer.attention.self
        heads = attention.num_attention_heads
        head_size = attention.attention_head_size
        # The last layer's output is read at [CLS] only: queries and residuals for row 0 alone.
        rows = hidden[:, :1] if number == len(layers) - 1 else hidden
        query = attention.query(rows).view(batch, -1, heads, head_size).transpose(1, 2)
        key = attention.key(hidden).view(batch, width, heads, head_size).transpose(1, 2)
        value = attention.value(hidden).view(batch, width, heads, head_size).transpose(1, 2)
        context = F.scaled_dot_product_attention(query, key, value, attn_mask=mask, scale=attention.scaling)
        context = context.transpose(1, 2).reshape(batch, rows.shape[1], heads * head_size)
        attended = layer.attention.output.LayerNorm(layer.attention.output.dense(context) + rows)
        hidden = layer.output.LayerNorm(layer.output.dense(layer.intermediate(attended)) + attended)
    return model.classifier(bert.pooler(hidden))
