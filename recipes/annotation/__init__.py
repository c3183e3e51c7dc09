"""Blind annotation of story pairs: packets for annotators, their two helper scripts, their guides."""
