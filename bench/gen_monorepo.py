#!/usr/bin/env python3
"""Generate a large, deterministic Python monorepo for bench/compare.sh.

`gen_monorepo.py OUT --lines N` writes packages of modules (about 250 lines each) until
the tree holds at least N lines: classes with methods, functions with branches, loops and
comprehensions, logging calls, string -> enum tables, imports between modules of the
package and from a shared `core` package (whose `core.util.format_amount` is the
canonical helper the generated lint.toml names; a few modules import it through another
module, so the rules have findings to make). Same N, same tree.
"""
import argparse
import os
import random

HEADER = '''"""Module {pkg}.{mod}: generated for benchmarks."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from core.util import format_amount
from {pkg}.{other} import helper_{other_n}

logger = logging.getLogger(__name__)


class Kind(enum.Enum):
    ALPHA = "alpha"
    BETA = "beta"
    GAMMA = "gamma"


KIND_ALIASES: Dict[str, Kind] = {{
    "a": Kind.ALPHA,
    "b": Kind.BETA,
    "g": Kind.GAMMA,
}}
'''

FUNC = '''

def helper_{n}(items: List[int], limit: int = {limit}) -> int:
    """Sum the items below `limit`, logging what is skipped."""
    total = 0
    for i, item in enumerate(items):
        if item > limit:
            logger.debug("skip %s at %d", item, i)
            continue
        total += item * {factor}
    squares = [x * x for x in items if x % {mod} == 0]
    if squares and total > {threshold}:
        logger.info(f"large total {{total}} ({{len(squares)}} squares)")
    return total + sum(squares)
'''

CLASS = '''

@dataclass
class Record{n}:
    name: str
    amount: float = 0.0
    tags: List[str] = field(default_factory=list)
    parent: Optional["Record{n}"] = None

    def label(self) -> str:
        if self.parent is not None:
            return f"{{self.parent.label()}}/{{self.name}}"
        return self.name

    def price(self) -> str:
        return format_amount(self.amount)

    def merge(self, other: "Record{n}") -> "Record{n}":
        tags = sorted(set(self.tags) | set(other.tags))
        return Record{n}(self.name, self.amount + other.amount, tags, self.parent)

    def kind(self) -> Kind:
        return KIND_ALIASES.get(self.name[:1], Kind.GAMMA)
'''


def module(rng, pkg, mod, other, other_n, n_funcs, n_classes, start):
    parts = [HEADER.format(pkg=pkg, mod=mod, other=other, other_n=other_n)]
    for i in range(n_funcs):
        parts.append(FUNC.format(n=start + i, limit=rng.randint(10, 999),
                                 factor=rng.randint(2, 9), mod=rng.randint(2, 7),
                                 threshold=rng.randint(100, 9999)))
    for i in range(n_classes):
        parts.append(CLASS.format(n=start + i))
    return "".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--lines", type=int, default=1_000_000)
    a = ap.parse_args()
    rng = random.Random(1234)
    os.makedirs(os.path.join(a.out, "core"), exist_ok=True)
    with open(os.path.join(a.out, "core", "__init__.py"), "w") as f:
        f.write("")
    with open(os.path.join(a.out, "core", "util.py"), "w") as f:
        f.write('def format_amount(x: float) -> str:\n    return f"{x:.2f}"\n')
    with open(os.path.join(a.out, "lint.toml"), "w") as f:
        f.write('[[symbol]]\nname = "format_amount"\ncanonical = "core.util"\n\n'
                '[[table]]\nenum = "Kind"\ncanonical = "pkg0000.mod000"\nname = "KIND_ALIASES"\n')
    lines = 0
    p = 0
    while lines < a.lines:
        pkg = f"pkg{p:04d}"
        os.makedirs(os.path.join(a.out, pkg), exist_ok=True)
        with open(os.path.join(a.out, pkg, "__init__.py"), "w") as f:
            f.write("")
        for m in range(20):
            other = (m + 1) % 20
            n_funcs = rng.randint(4, 9)
            text = module(rng, pkg, f"mod{m:03d}", f"mod{other:03d}", other * 100, n_funcs,
                          rng.randint(1, 3), m * 100)
            # Make helper_{other*100} exist in the other module: every module defines
            # helper_{m*100 ..}, so module `other` has helper_{other*100}.
            if m % 7 == 3:
                # Through another module that imports it: a non-canonical import (SSOT003).
                text = text.replace("from core.util import format_amount",
                                    f"from {pkg}.mod000 import format_amount")
            with open(os.path.join(a.out, pkg, f"mod{m:03d}.py"), "w") as f:
                f.write(text)
            lines += text.count("\n")
        p += 1
    print(f"{a.out}: {p} packages, {p * 20 + 2} modules, {lines} lines")


if __name__ == "__main__":
    main()
