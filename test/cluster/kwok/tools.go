//go:build tools

// Package kwok names the command the cluster harness builds, so that `go mod tidy` keeps every
// module it needs in go.sum.
package kwok

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
)
