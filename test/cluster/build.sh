#!/usr/bin/env bash
# Builds the control plane the cluster tests run against, once per machine: kube-apiserver,
# kube-controller-manager, kube-scheduler and kubectl from k8s.io/kubernetes v1.27.16, etcd
# v3.5.7 (the version Kubernetes 1.27 ships with), all from the Go module proxy
# (test/cluster/controlplane/go.mod), and KWOK v0.6.1 for simulated nodes (test/cluster/kwok,
# a module of its own: it needs newer k8s.io libraries). The binaries go to a cache folder keyed by the module
# files and the Go version, which survives between runs on one machine; a cached build takes
# no time. Prints the bin folder on stdout, timings on stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$here/controlplane"
if ! command -v go >/dev/null; then
  echo "test:cluster needs Go (the control plane is built from the Go module proxy): install Go 1.22 or later and run again" >&2
  exit 1
fi
kwok="$here/kwok"
key="$(cat "$0" "$module/go.mod" "$module/go.sum" "$module/tools.go" "$module/cmd/etcd/main.go" "$kwok/go.mod" "$kwok/go.sum" "$kwok/tools.go" <(go version) | sha256sum | cut -c1-16)"
cache="${CDK8S_ZD_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-zd-cluster}/$key"
bin="$cache/bin"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)
missing=0
for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || missing=1; done
start=$(date +%s)
if [ "$missing" = 1 ]; then
  echo "building the control plane into $bin (a fresh machine does this once; about 10 minutes on 2 cores, 567 MB of modules and 2.3 GB of Go build cache)" >&2
  mkdir -p "$bin.partial"
  # k8s.io/legacy-cloud-providers v0.27.16 is served by the proxy but missing from the checksum
  # database; go.sum pins its hash. providerless leaves the legacy cloud providers out.
  # The version the binaries report (the API server's /version, PodSecurity's "latest"), as the
  # Kubernetes release build stamps it.
  version=v1.27.16
  ldflags="-X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1"
  ldflags="$ldflags -X k8s.io/component-base/version.gitMinor=27 -X k8s.io/client-go/pkg/version.gitVersion=$version"
  ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=27"
  (cd "$module" && GOFLAGS=-mod=readonly GONOSUMDB=k8s.io/legacy-cloud-providers \
    go build -tags providerless -ldflags "$ldflags" -o "$bin.partial/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl ./cmd/etcd)
  (cd "$kwok" && GOFLAGS=-mod=readonly go build -o "$bin.partial/" sigs.k8s.io/kwok/cmd/kwok)
  rm -rf "$bin" && mv "$bin.partial" "$bin"
  echo "control plane built in $(( $(date +%s) - start )) s" >&2
else
  echo "control plane cached in $bin (0 s)" >&2
fi
echo "$bin"
