"""Benchmarks (``make bench``): speed, memory and scale, each beside a baseline measured in
the same run. Not installed with the package; they run from a checkout."""
