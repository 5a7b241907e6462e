#!/usr/bin/env bash
# Builds what the cluster tests run, once per machine, from the Go module proxy, in three
# modules of their own (each needs other k8s.io library versions):
# - test/cluster/controlplane: kube-apiserver, kube-controller-manager, kube-scheduler and
#   kubectl from k8s.io/kubernetes v1.27.16, and etcd v3.5.7 (the version Kubernetes 1.27 ships);
# - test/cluster/kwok: KWOK v0.6.1, the simulated nodes;
# - test/cluster/argo-rollouts: the Argo Rollouts v1.10.1 controller and its kubectl plugin
#   (`kubectl argo rollouts`).
# Each goes to a cache folder keyed by its module files, its build arguments and the Go version, which
# survives between runs on one machine: a cached part takes no time, and a change to one module
# rebuilds only that one. The bin folder it prints on stdout links every binary; timings go to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v go >/dev/null; then
  echo "test:cluster needs Go (the control plane is built from the Go module proxy): install Go 1.26.1 or later and run again" >&2
  exit 1
fi
root="${CDK8S_ZD_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-zd-cluster}"
goversion="$(go version)"

# The version the Kubernetes binaries report (the API server's /version, PodSecurity's
# "latest"), stamped as the Kubernetes release build stamps it.
k8s=v1.27.16
k8sflags="-X k8s.io/component-base/version.gitVersion=$k8s -X k8s.io/component-base/version.gitMajor=1"
k8sflags="$k8sflags -X k8s.io/component-base/version.gitMinor=27 -X k8s.io/client-go/pkg/version.gitVersion=$k8s"
k8sflags="$k8sflags -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=27"

# component <module folder> <what> <binaries...> -- <go build arguments...>: builds the
# binaries into the component's cache folder unless they are there; adds that folder to parts.
parts=()
component() {
  local module="$here/$1" what="$2"
  shift 2
  local binaries=()
  while [ "$1" != "--" ]; do binaries+=("$1"); shift; done
  shift
  local key
  key="$(cat <(find "$module" -type f | sort | xargs cat) <(echo "$goversion" "${binaries[*]}" "$*") | sha256sum | cut -c1-16)"
  local bin="$root/$(basename "$module")-$key/bin" missing=0 start
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || missing=1; done
  start=$(date +%s)
  if [ "$missing" = 1 ]; then
    echo "building $what into $bin (a fresh machine does this once)" >&2
    rm -rf "$bin.partial" && mkdir -p "$bin.partial"
    (cd "$module" && GOFLAGS=-mod=readonly go build -o "$bin.partial/" "$@")
    rm -rf "$bin" && mv "$bin.partial" "$bin"
    echo "$what built in $(( $(date +%s) - start )) s" >&2
  else
    echo "$what cached in $bin (0 s)" >&2
  fi
  parts+=("$bin")
}

# k8s.io/legacy-cloud-providers v0.27.16 is served by the proxy but missing from the checksum
# database; go.sum pins its hash. providerless leaves the legacy cloud providers out.
export GONOSUMDB=k8s.io/legacy-cloud-providers
component controlplane "the control plane (Kubernetes $k8s, etcd 3.5.7; about 10 minutes on 2 cores, 567 MB of modules)" \
  kube-apiserver kube-controller-manager kube-scheduler kubectl etcd -- -tags providerless -ldflags "$k8sflags" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl ./cmd/etcd
component kwok "KWOK v0.6.1" kwok -- sigs.k8s.io/kwok/cmd/kwok
component argo-rollouts "Argo Rollouts v1.10.1 (about 6 minutes)" rollouts-controller kubectl-argo-rollouts -- \
  github.com/argoproj/argo-rollouts/cmd/rollouts-controller ./cmd/kubectl-argo-rollouts
# One folder that links them all, keyed by the parts.
bin="$root/bin-$(printf '%s\n' "${parts[@]}" | sha256sum | cut -c1-16)"
if [ ! -d "$bin" ]; then
  rm -rf "$bin.partial" && mkdir -p "$bin.partial"
  for part in "${parts[@]}"; do ln -s "$part"/* "$bin.partial/"; done
  mv "$bin.partial" "$bin"
fi
echo "$bin"
