"""Benchmarks: plain scripts run as `python -m bench.<name>`; figures go in BENCHMARKS.md.

Each script builds its own data in a temporary folder, starts and stops what it needs, prints a
small table and writes `bench/out/<name>.json`. `python -m bench.run_all` runs them all.
"""
