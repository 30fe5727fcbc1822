"""Benchmark harness of the partner API: the project against the floor, in one run (`make bench`)."""
