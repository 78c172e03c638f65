#!/usr/bin/env bash
# Runs berth's main job on the example app against the testbed engine and registry: build, test,
# copy the reports out, push. Prints berth's outputs and summary, then the registry's tags.
# Run as root on Debian: `bash scripts/demo.sh`. Needs only node: the action is the committed bundle.
set -euo pipefail
cd "$(dirname "$0")/.."

trap 'bash scripts/testbed.sh down >/dev/null' EXIT
bash scripts/testbed.sh up >/dev/null
# shellcheck disable=SC1091
source "${BERTH_TESTBED_DIR:-/tmp/berth-testbed}/env"

image="$BERTH_TESTBED_REGISTRY/example/sample-app"
status=0
node dist/cli/index.js \
  --image "$image" \
  --context __tests__/fixtures/sample-app \
  --test-command /test/run.sh \
  --push true || status=$?

echo
echo "Registry: tags of $image"
curl -fsS "http://$BERTH_TESTBED_REGISTRY/v2/example/sample-app/tags/list"
echo
exit "$status"
