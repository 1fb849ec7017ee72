"""Benchmark: LocalStore.put_file throughput beside plain shutil.copyfile, same run, same files.

LocalStore does more than a copy (SHA-256 while copying, fsync of file and
folder, rename), so the ratio shows what integrity and durability cost.

    .venv/bin/python bench/store_throughput.py [--files 200] [--size-mb 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from content_store import LocalStore


def make_files(folder: Path, count: int, size: int) -> list[Path]:
    folder.mkdir()
    block = os.urandom(size)
    paths = []
    for i in range(count):
        path = folder / f"file-{i:04d}.bin"
        path.write_bytes(i.to_bytes(8, "little") + block[8:])  # distinct content per file
        paths.append(path)
    return paths


def bench_copy(paths: list[Path], dest: Path) -> float:
    dest.mkdir()
    start = time.perf_counter()
    for p in paths:
        shutil.copyfile(p, dest / p.name)
    return time.perf_counter() - start


def bench_copy_fsync(paths: list[Path], dest: Path) -> float:
    """Baseline with the same durability as the store: fsync each copy."""
    dest.mkdir()
    start = time.perf_counter()
    for p in paths:
        target = dest / p.name
        shutil.copyfile(p, target)
        fd = os.open(target, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    return time.perf_counter() - start


def bench_store(paths: list[Path], root: Path) -> float:
    store = LocalStore(root)
    start = time.perf_counter()
    for p in paths:
        store.put_file(p)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: temp)")
    args = parser.parse_args()
    size = int(args.size_mb * 1024 * 1024)
    total_mb = args.files * size / (1024 * 1024)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        paths = make_files(work / "src", args.files, size)
        rows = [
            ("shutil.copyfile (baseline)", bench_copy(paths, work / "copy")),
            ("copyfile + fsync (baseline)", bench_copy_fsync(paths, work / "copy-fsync")),
            ("LocalStore.put_file", bench_store(paths, work / "store")),
            ("LocalStore.put_file, duplicates", bench_store(paths, work / "store")),
        ]
    print(f"{args.files} files x {args.size_mb:g} MB = {total_mb:.0f} MB in {work.parent}")
    for name, seconds in rows:
        print(f"{name:33} {total_mb / seconds:9.1f} MB/s  {seconds:6.2f} s")
    copy_s, fsync_s, store_s = rows[0][1], rows[1][1], rows[2][1]
    print(f"put_file speed vs copyfile:         {copy_s / store_s:.2f}x")
    print(f"put_file speed vs copyfile + fsync: {fsync_s / store_s:.2f}x")


if __name__ == "__main__":
    main()
