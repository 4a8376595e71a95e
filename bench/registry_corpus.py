#!/usr/bin/env python3
"""Copy the crates of a Cargo.lock from cargo's registry into OUT (the Rust corpus of the
benchmarks): `registry_corpus.py Cargo.lock REGISTRY_SRC OUT`. Missing crates are skipped."""
import os, re, shutil, sys

lock, registry, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
pkgs = set(re.findall(r'name = "([^"]+)"\nversion = "([^"]+)"', open(lock).read()))
for index in (os.listdir(registry) if os.path.isdir(registry) else []):
    for name, version in pkgs:
        src = os.path.join(registry, index, f"{name}-{version}")
        dst = os.path.join(out, f"{name}-{version}")
        if os.path.isdir(src) and not os.path.exists(dst):
            shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns("target", ".git"))
