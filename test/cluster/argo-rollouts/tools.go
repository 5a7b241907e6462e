//go:build tools

// Package argorollouts names the Argo Rollouts controller the cluster harness builds, so that
// `go mod tidy` keeps every module it needs in go.sum.
package argorollouts

import (
	_ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
)
