// The kubectl plugin of Argo Rollouts (`kubectl argo rollouts ...`) as the cluster tests run it:
// the upstream subcommands a release uses, on the upstream options. Upstream's own
// cmd/kubectl-argo-rollouts cannot be built from the module proxy: its dashboard embeds the web
// UI's build output, which the module does not carry. This one leaves the dashboard out.
package main

import (
	"os"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd/abort"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd/get"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd/promote"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd/retry"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd/status"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/cmd/undo"
	"github.com/argoproj/argo-rollouts/pkg/kubectl-argo-rollouts/options"
)

func main() {
	o := options.NewArgoRolloutsOptions(genericclioptions.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr})
	root := &cobra.Command{
		Use:               "kubectl-argo-rollouts COMMAND",
		Short:             "Argo Rollouts' kubectl plugin, without the dashboard",
		SilenceUsage:      true,
		PersistentPreRunE: o.PersistentPreRunE,
		RunE:              func(c *cobra.Command, _ []string) error { return o.UsageErr(c) },
	}
	o.AddKubectlFlags(root)
	root.AddCommand(get.NewCmdGet(o), promote.NewCmdPromote(o), abort.NewCmdAbort(o), retry.NewCmdRetry(o), undo.NewCmdUndo(o), status.NewCmdStatus(o))
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
