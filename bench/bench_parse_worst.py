"""The worst case of every parser on hostile text of 20,000 characters (Slack allows ~40,000 in a message).

Why: Python's `re` holds the GIL for a whole match, so a parser that is slow on some shape of text stalls every
request the process serves, not only the hostile one. The target is under 50 ms for 20,000 characters, whatever
the shape. The parsers and shapes are tests/test_parser_speed.py's (which asserts that each grows linearly); here
each (parser, shape) is timed at 2,000 and at 20,000 characters, and the worst per parser is printed with its
growth (about 10x for a linear parser, 100x for a quadratic one). Parsers that are not in the test's catalogue
because their module is someone else's to fix are timed too (EXTRA).

Run from the repository root:  .venv/bin/python bench/bench_parse_worst.py [--size 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handlers.messages import _without_bot  # noqa: E402
from tests.test_parser_speed import PARSERS, shapes  # noqa: E402

TARGET_MS = 50.0
# Readers outside the test's catalogue, whose modules are being changed by others: timed here until they are in it.
EXTRA = {"mention without the bot": lambda text: _without_bot(text, "U12")}


def best_ms(parse, text: str, runs: int) -> tuple[float, float]:  # noqa: ANN001
    """The best of `runs`: (CPU milliseconds of this thread, wall-clock milliseconds), the garbage collector off.

    CPU time is what the request costs the process (for a regex, the time it holds the GIL); wall-clock also
    counts whatever else the machine was doing."""
    cpu = wall = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            start_cpu, start_wall = time.thread_time(), time.perf_counter()
            parse(text)
            cpu = min(cpu, time.thread_time() - start_cpu)
            wall = min(wall, time.perf_counter() - start_wall)
    finally:
        gc.enable()
    return cpu * 1000, wall * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="characters of hostile text (default 20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per shape; the best counts (default 3)")
    args = parser.parse_args()
    small_size = args.size // 10

    worst_overall = 0.0
    print(f"{'parser':<24} {'CPU ms':>8} {'wall ms':>8} {'growth':>7}  worst shape ({len(list(shapes(1)))} shapes, "
          f"{args.size:,} characters; growth: against {small_size:,})")
    for name, parse in {**PARSERS, **EXTRA}.items():
        small = dict(shapes(small_size))
        worst = (0.0, 0.0, 0.0, "")
        for shape, text in shapes(args.size):
            cpu, wall = best_ms(parse, text, args.runs)
            if cpu > worst[0]:
                worst = (cpu, wall, best_ms(parse, small[shape], args.runs)[0], shape)
        cpu, wall, small_cpu, shape = worst
        growth = cpu / small_cpu if small_cpu else float("inf")
        flag = "  OVER" if cpu > TARGET_MS else ""
        print(f"{name:<24} {cpu:8.2f} {wall:8.2f} {growth:6.1f}x  {shape}{flag}")
        worst_overall = max(worst_overall, cpu)
    print(f"worst of all: {worst_overall:.2f} ms CPU for {args.size:,} characters (target: under {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
