#!/usr/bin/env bash
# Fails if a tracked file cites a document a reader of the repository cannot open: design or
# performance notes kept outside the repository, their numbered rules and sections, or numbered
# tracker issues (docs/CONVENTIONS.md, "Cite only what is in the repository"). Cite a rule of
# docs/CONVENTIONS.md or a section of the README or docs/ instead.
#
# The character classes keep this script from matching its own pattern.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='[Hh]ouse rule|DESIGN[ ]§|DESIGN[.]md|PERFORMANCE[.]md|[.][.]/shared|[Ii]ssue [0-9]+'
status=0
git grep -nE "$pattern" || status=$?
if [ "$status" -eq 0 ]; then
    echo "check-references: the lines above cite documents outside the repository; cite" \
        "docs/CONVENTIONS.md or a section of the README or docs/ instead" >&2
    exit 1
elif [ "$status" -ne 1 ]; then
    echo "check-references: git grep failed (status $status)" >&2
    exit 2
fi
echo "check-references: every citation points inside the repository"
