"""`python -m bench`: seed the bench data set if needed, measure, write bench/RESULTS.md."""

from bench.bench import main

raise SystemExit(main())
