"""The benchmark: bench data (``manage.py bench_data``), URL rotations, and ``make bench``."""
