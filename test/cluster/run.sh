#!/usr/bin/env bash
# npx projen test:cluster: builds (or finds in the cache) the control plane, then runs the
# cluster tests (test/cluster/*.cluster.ts) one file at a time against it, and says how long
# each part took.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
bin="$(bash test/cluster/build.sh)"
built=$(date +%s)
CDK8S_ZD_CLUSTER_BIN="$bin" npx jest --ci --runInBand --coverage=false --testMatch '<rootDir>/test/cluster/**/*.cluster.ts' "$@"
done=$(date +%s)
echo "test:cluster: control plane (Kubernetes v1.27.16) $((built - start)) s, tests $((done - built)) s"
