#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-3.0-or-later OR GPL-2.0-only
"""Every relative link in the project's documents leads somewhere.

Checks, under SOURCE_DIR:
- every Markdown file (README.md, SECURITY.md, docs/**, and any other *.md outside build trees):
  each relative link or image, [text](target), [label]: target or an HTML href/src, names an
  existing file or directory; a #fragment on a Markdown target (or alone, for the same file)
  names one of its headings, as GitHub makes anchors of them;
- every man page in man/: each cross-reference `.BR name (N)` names a page in man/, and each
  path it gives under docs/ exists;
- no document cites the specification or style guide that are not in this repository, nor names
  a period of the project's own development (a numbered work session): the contract is
  docs/contract.md, the code rules docs/contributing.md, and history is git's.

Links with a scheme (https:, mailto:) are not fetched. Code spans and fenced code blocks are
skipped. Usage: check-doc-links.py SOURCE_DIR. Exits 1 listing every broken link.
"""
import os
import re
import sys
import unicodedata
import urllib.parse

SKIPPED_DIRS = {".git", "node_modules"}
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
MAN_REFERENCE = re.compile(r"^\.BR\s+(\S+)\s+\((\d)\)")
MAN_DOCS_PATH = re.compile(r"\bdocs/[\w./-]+\.md\b")
FORBIDDEN = [
    (re.compile(r"SPEC\s*\u00a7"), "cites a specification outside this repository: docs/contract.md"),
    (re.compile(r"STYLE\.md"), "cites a style guide outside this repository: docs/contributing.md"),
    (re.compile(r"\bsessions?\s+[0-9]", re.IGNORECASE), "names a period of development"),
]


def markdown_files(root):
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs
                            if d not in SKIPPED_DIRS and not d.startswith(("build", ".")))
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(directory, name)


def prose_lines(text):
    """(line number, line) outside fenced code blocks, with code spans blanked out."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        yield number, re.sub(r"(`+)(?:(?!\1).)+?\1", lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """The anchor GitHub gives a heading."""
    text = re.sub(r"<[^>]+>", "", heading)                      # inline HTML
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)       # links keep their text
    text = text.replace("`", "").strip().lower()
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in " -_" or category[0] in "LN" or category == "Mn":
            kept.append("-" if char == " " else char)
    return "".join(kept)


def anchors_of(path, cache={}):
    if path not in cache:
        seen = {}
        anchors = set()
        with open(path, encoding="utf-8") as f:
            for _, line in prose_lines(f.read()):
                match = HEADING.match(line)
                if not match:
                    continue
                base = slug(match.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                anchors.add(base if count == 0 else f"{base}-{count}")
        cache[path] = anchors
    return cache[path]


def check_target(source, target, root):
    """None when `target`, written in `source`, resolves; else why not."""
    if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
        return None
    parsed = urllib.parse.urlsplit(target)
    path = urllib.parse.unquote(parsed.path)
    fragment = urllib.parse.unquote(parsed.fragment)
    if path.startswith("/"):
        resolved = os.path.normpath(os.path.join(root, path.lstrip("/")))
    elif path:
        resolved = os.path.normpath(os.path.join(os.path.dirname(source), path))
    else:
        resolved = source
    if not os.path.exists(resolved):
        return "no such file or directory"
    if fragment and resolved.endswith(".md") and os.path.isfile(resolved):
        if fragment.lower() not in anchors_of(resolved):
            return f"no heading for #{fragment} in {os.path.relpath(resolved, root)}"
    return None


def check_markdown(path, root, problems):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    where = os.path.relpath(path, root)
    for number, line in prose_lines(text):
        targets = INLINE_LINK.findall(line) + HTML_LINK.findall(line)
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            targets.append(definition.group(1))
        for target in targets:
            why = check_target(path, target, root)
            if why:
                problems.append(f"{where}:{number}: {target}: {why}")
        for pattern, why in FORBIDDEN:
            if pattern.search(line):
                problems.append(f"{where}:{number}: {why}")


def check_man_page(path, root, problems):
    man_dir = os.path.dirname(path)
    where = os.path.relpath(path, root)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            reference = MAN_REFERENCE.match(line)
            if reference:
                name = reference.group(1).replace("\\-", "-")
                page = f"{name}.{reference.group(2)}"
                if not os.path.isfile(os.path.join(man_dir, page)):
                    problems.append(f"{where}:{number}: {name}({reference.group(2)}): no man/{page}")
            for docs_path in MAN_DOCS_PATH.findall(line):
                if not os.path.isfile(os.path.join(root, docs_path)):
                    problems.append(f"{where}:{number}: {docs_path}: no such file")
            for pattern, why in FORBIDDEN:
                if pattern.search(line):
                    problems.append(f"{where}:{number}: {why}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = os.path.abspath(sys.argv[1])
    problems = []
    checked = 0
    for path in markdown_files(root):
        check_markdown(path, root, problems)
        checked += 1
    man_dir = os.path.join(root, "man")
    if os.path.isdir(man_dir):
        for name in sorted(os.listdir(man_dir)):
            if re.search(r"\.[1-9]$", name):
                check_man_page(os.path.join(man_dir, name), root, problems)
                checked += 1
    for problem in problems:
        print(problem)
    print(f"{checked} documents checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
