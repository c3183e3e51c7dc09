"""`compare` over a Ray Data dataset: the same pairing, prefilter, scoring and calibration, on a cluster.

Install with ``pip install "framing-clash[ray]"``. Statements are grouped into blocks by a
key (``block_by``: an event, a story, a topic); each block is paired exactly as
`framing.compare` pairs its statements (duplicates collapsed, cross-party pairs, the topic
prefilter above 20,000 candidate pairs), so pairs are listed per block, never across the
whole archive. The pairs are scored with ``map_batches`` by a pool of actors that each load
the detector once (with its calibrator); results stream to Parquet, or come back as a lazy
Ray dataset. ``docs/scaling.md`` covers clusters, memory and measured costs.
"""

from .run import SUMMARY_FILE, compare

__all__ = ["SUMMARY_FILE", "compare"]
