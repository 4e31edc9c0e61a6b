"""`python -m bench.dataset`: build the benchmark dataset, or reuse it."""

from . import main

if __name__ == "__main__":
    main()
