#!/usr/bin/env python3
"""Add a benchmark row to the table of one section of a Markdown file.

Usage: record_row.py FILE "SECTION HEADING" "HEADER LINE" "ROW" [INTRO]

SECTION HEADING is the whole heading line (e.g. "## Import into PostgreSQL"); it
matches exactly. The section runs to the next heading of the same or a higher
level. ROW goes after the last row of the section's table whose header is
HEADER LINE. If the section has no such table, one (header, separator, ROW) is
added at the end of the section. If the section is missing, it is added at the
end of FILE with INTRO (optional paragraph) and the table.
"""
import sys


def heading_level(line):
    """Number of leading '#' of a Markdown ATX heading, else 0."""
    n = len(line) - len(line.lstrip("#"))
    return n if 0 < n <= 6 and line[n:n + 1] in (" ", "") else 0


def main(argv):
    if len(argv) not in (5, 6):
        sys.exit(__doc__.split("\n\n")[1])
    path, heading, header, row = (a.strip() for a in argv[1:5])
    intro = argv[5].strip() if len(argv) == 6 else ""
    ncols = header.count("|") - 1
    if not (header.startswith("|") and row.startswith("|")) or row.count("|") - 1 != ncols:
        sys.exit(f"record_row: header and row must be Markdown table lines of {ncols} columns")
    table = [header, "|" + "---|" * ncols, row]

    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()

    # Headings outside fenced code blocks: index -> level.
    headings, fence = {}, False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and heading_level(line):
            headings[i] = heading_level(line)

    start = next((i for i in headings if lines[i].rstrip() == heading), None)
    if start is None:
        # New section at the end of the file.
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", heading] + ([intro] if intro else []) + [""] + table
    else:
        level = headings[start]
        end = next((i for i in sorted(headings) if i > start and headings[i] <= level), len(lines))
        hdr = next((i for i in range(start + 1, end) if lines[i].strip() == header), None)
        if hdr is not None:
            # After the last row of that table.
            at = hdr + 1
            while at < end and lines[at].lstrip().startswith("|"):
                at += 1
            lines[at:at] = [row]
        else:
            # New table at the end of the section, before its trailing blank lines.
            at = end
            while at > start + 1 and not lines[at - 1].strip():
                at -= 1
            lines[at:at] = [""] + table + ([""] if at < len(lines) and lines[at].strip() else [])

    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv)
