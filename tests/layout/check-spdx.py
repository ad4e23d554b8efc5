#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
"""Every source file says its licence in an SPDX line.

Source files, under SOURCE_DIR outside build trees: C++ (*.cpp, *.h), CMake (CMakeLists.txt,
*.cmake), Python and shell (*.py, *.sh) and every other file that starts with "#!" (the scripts,
the init scripts' templates, the Debian maintainer scripts), plus the bash completion. Each
must carry, within its first five lines,
    SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
in the file's comment syntax (after a "#!" line, if any).

Usage: check-spdx.py SOURCE_DIR [--fix]. Exits 1 listing every file without it; --fix adds the
line to them instead.
"""
import os
import sys

IDENTIFIER = "SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only"
SKIPPED_DIRS = {".git", "LICENSES"}
# Data, not source: fuzz inputs, spool fixtures, test certificates.
SKIPPED_PATHS = {os.path.join("fuzz", "corpus"), os.path.join("fuzz", "regressions"),
                 os.path.join("fuzz", "seeds"), os.path.join("tests", "fixtures", "spool"),
                 os.path.join("tests", "fixtures", "tls")}
CPP_SUFFIXES = (".cpp", ".h")
HASH_SUFFIXES = (".cmake", ".py", ".sh")
HASH_NAMES = {"CMakeLists.txt"}
EXTRA_FILES = {os.path.join("resources", "bash-completion", "gluster-eventsapi")}


def is_build_tree(path):
    return os.path.exists(os.path.join(path, "CMakeCache.txt"))


def comment_style(root, relative):
    name = os.path.basename(relative)
    if name.endswith(CPP_SUFFIXES):
        return "//"
    if name.endswith(HASH_SUFFIXES) or name in HASH_NAMES or relative in EXTRA_FILES:
        return "#"
    try:
        with open(os.path.join(root, relative), "rb") as file:
            return "#" if file.read(2) == b"#!" else None
    except OSError:
        return None


def source_files(root):
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            d for d in subdirectories
            if d not in SKIPPED_DIRS
            and os.path.relpath(os.path.join(directory, d), root) not in SKIPPED_PATHS
            and not is_build_tree(os.path.join(directory, d)))
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(directory, name), root)
            style = comment_style(root, relative)
            if style:
                yield relative, style


def has_identifier(lines):
    return any(IDENTIFIER in line for line in lines[:5])


def add_identifier(path, style, lines):
    header = f"{style} {IDENTIFIER}\n"
    at = 1 if lines and lines[0].startswith("#!") else 0
    lines.insert(at, header)
    with open(path, "w", encoding="utf-8") as file:
        file.writelines(lines)


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--fix"):
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    root, fix = sys.argv[1], len(sys.argv) == 3
    missing = []
    checked = 0
    for relative, style in source_files(root):
        path = os.path.join(root, relative)
        with open(path, encoding="utf-8") as file:
            lines = file.readlines()
        checked += 1
        if has_identifier(lines):
            continue
        if fix:
            add_identifier(path, style, lines)
        missing.append(relative)
    if fix:
        print(f"added the SPDX line to {len(missing)} of {checked} files")
        return 0
    for relative in missing:
        print(f"{relative}: no '{IDENTIFIER}' in its first five lines")
    if checked == 0:
        print("no source files found")
        return 1
    print(f"{checked} source files, {len(missing)} without the SPDX line")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
