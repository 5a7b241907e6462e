// Command etcd is etcd's server (v3.5, the version Kubernetes 1.27 ships with), built from the
// same module graph as the control plane, for the cluster tests' throw-away data directory.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
