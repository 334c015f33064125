"""Benchmarks (`make bench`): PostgreSQL at the data sizes the issues name.

Results go to bench/RESULTS.md. Never part of `make test`; timings are never asserted.
"""
