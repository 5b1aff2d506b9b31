#!/usr/bin/env bash
# Posts comment.md (written by `make from-issue`) on suggestion issue $NUMBER, or updates the workflow's earlier
# comment there, found by the marker on its first line (fromissue.MARKER). Needs GH_TOKEN, NUMBER and REPOSITORY.
# Reads nothing from the issue: its text is only ever inside comment.md, sent as a file.
set -euo pipefail
marker='<!-- learning-page: product suggestion -->'
id="$(gh api --paginate "repos/$REPOSITORY/issues/$NUMBER/comments" \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | tail -n 1)"
if [ -n "$id" ]; then
  gh api --method PATCH "repos/$REPOSITORY/issues/comments/$id" -F "body=@comment.md" > /dev/null
else
  gh issue comment "$NUMBER" --repo "$REPOSITORY" --body-file comment.md
fi
