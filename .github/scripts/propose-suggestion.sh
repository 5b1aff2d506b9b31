#!/usr/bin/env bash
# Opens (or updates) the pull request that adds the product file `make from-issue` wrote for suggestion $NUMBER,
# from the branch suggestion/issue-$NUMBER to $BASE; merging it closes the issue. Needs GH_TOKEN, NUMBER,
# REPOSITORY, BASE and the pull request's body in $RUNNER_TEMP/pull-request.md. The issue's text reaches git and
# gh only inside files (the product file, the body), never as an argument.
set -euo pipefail
branch="suggestion/issue-$NUMBER"
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
gh auth setup-git
git switch --create "$branch"
git add catalog/products/
git commit --quiet --message "Add the product suggested in #$NUMBER"
git push --force "https://github.com/$REPOSITORY.git" "HEAD:refs/heads/$branch"
if url="$(gh pr view "$branch" --repo "$REPOSITORY" --json url --jq .url 2> /dev/null)"; then
  echo "Updated the pull request $url"
else
  gh pr create --repo "$REPOSITORY" --base "$BASE" --head "$branch" \
    --title "Add the product suggested in #$NUMBER" --body-file "$RUNNER_TEMP/pull-request.md"
fi
