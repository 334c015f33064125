"""Vocabularies of the demo data (see vocabulary.py)."""
