/*
 * The life of a test file's cluster: one control plane per file, started before its tests
 * (the CRDs installed, simulated nodes and the Argo Rollouts controller if the file asks for
 * them) and stopped after them, also when a test or the start fails; and a test's namespaces,
 * created before it and removed after it, with every node it cordoned uncordoned, so that the
 * next test of the file starts on an empty cluster.
 */
import { ControlPlane, installCrds } from './control-plane';

/** What a test file's cluster runs besides the API server and the controllers. */
export interface ClusterOptions {
  /**
   * Simulated nodes (KWOK), one per zone.
   * @default 0
   */
  readonly nodes?: number;
  /**
   * The Argo Rollouts controller.
   * @default false
   */
  readonly argoRollouts?: boolean;
  /**
   * What the file needs on the cluster before its first test, once it runs.
   * @default nothing
   */
  readonly setup?: (plane: ControlPlane) => unknown;
}

/** A test file's cluster, available from its first test on. */
export interface Cluster {
  readonly plane: ControlPlane;
  /** The simulated nodes' names. */
  readonly nodes: readonly string[];
}

/** Starts the file's cluster before its tests and stops it after them. */
export function useCluster(options: ClusterOptions = {}): Cluster {
  let plane: ControlPlane | undefined;
  let nodes: string[] = [];
  beforeAll(async () => {
    plane = await ControlPlane.start();
    // The CRDs first, as a cluster has them before the first apply.
    installCrds(plane);
    if (options.nodes) nodes = await plane.startNodes(options.nodes);
    if (options.argoRollouts) await plane.startArgoRollouts();
    await options.setup?.(plane);
  }, 240_000);
  afterAll(() => plane?.stop());
  return {
    get plane(): ControlPlane {
      if (!plane) throw new Error('the cluster did not start (see the error of beforeAll)');
      return plane;
    },
    get nodes() {
      return nodes;
    },
  };
}

/**
 * Runs `body` with the namespaces the objects use (created restricted where the objects do not
 * create them; kube-system, where the library puts only a metrics adapter's rules, left out of
 * the list), then removes them (and the library's objects in kube-system) and uncordons every
 * node, whatever `body` did.
 */
export async function inNamespaces<T>(cluster: Cluster, objects: readonly any[], body: (namespaces: string[]) => T | Promise<T>): Promise<T> {
  const namespaces = cluster.plane.prepareNamespaces(objects);
  try {
    return await body(namespaces.filter((n) => n !== 'kube-system'));
  } finally {
    if (cluster.nodes.length > 0) cluster.plane.kubectl(['uncordon', ...cluster.nodes]);
    cluster.plane.removeNamespaces(namespaces);
  }
}
