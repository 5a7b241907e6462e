/*
 * A real Kubernetes control plane on loopback for the cluster tests: etcd with a throw-away data
 * directory, kube-apiserver (token authentication, RBAC, the default admission plugins with
 * PodSecurity), kube-controller-manager and kube-scheduler, all from test/cluster/build.sh, and
 * kubectl of the same version, which applies server-side with this library's field manager.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { generateKeyPairSync, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';

/** The field manager of every apply: this library's name. */
export const FIELD_MANAGER = 'cdk8s-zero-downtime';

/** The Pod Security labels of a namespace the harness creates. */
export const RESTRICTED_NAMESPACE = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.27',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'v1.27',
};

/** What kubectl answered. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The bin folder of the built control plane (built or found in the cache by build.sh). */
export function controlPlaneBin(): string {
  const fromEnv = process.env.CDK8S_ZD_CLUSTER_BIN;
  if (fromEnv) return fromEnv;
  return execFileSync('bash', [path.join(__dirname, 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The prefix of each control plane's data directory in the temporary folder. */
const DATA_DIR_PREFIX = 'zd-cluster-';

/** Whether a process runs (signal 0 tests without signalling). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops what a test run killed with SIGKILL left running (jest's worker gone, its stop() never
 * run): for each data directory whose owner no longer runs, every process it started whose
 * command line still names that directory (a pid the system gave to another process since does
 * not), then the directory. Returns how many processes it stopped.
 */
export function reapOrphans(tmp: string = os.tmpdir()): number {
  let stopped = 0;
  for (const name of fs.readdirSync(tmp).filter((n) => n.startsWith(DATA_DIR_PREFIX))) {
    const dir = path.join(tmp, name);
    const read = (file: string) => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), 'utf8') : '');
    // No owner yet: a plane that is starting in another process.
    const owner = Number(read('owner'));
    if (!Number.isInteger(owner) || owner <= 0 || running(owner)) continue;
    const pids = read('pids').split('\n').filter(Boolean).map(Number);
    for (const pid of pids) {
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmdline.includes(dir)) continue;
      process.kill(pid, 'SIGKILL');
      stopped++;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return stopped;
}

export class ControlPlane {
  /**
   * Starts etcd, the API server and the controllers; resolves once the API server is ready.
   * First stops what an earlier run killed with SIGKILL left running (reapOrphans).
   */
  public static async start(options: { controllers?: boolean } = {}): Promise<ControlPlane> {
    const bin = controlPlaneBin();
    reapOrphans();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), DATA_DIR_PREFIX));
    fs.writeFileSync(path.join(dir, 'owner'), `${process.pid}`);
    const plane = new ControlPlane(bin, dir);
    try {
      await plane.boot(options.controllers ?? true);
    } catch (e) {
      plane.stop();
      throw e;
    }
    return plane;
  }

  /** The kubeconfig file of the cluster's admin. */
  public readonly kubeconfig: string;
  private readonly processes: Array<{ name: string; child: ChildProcess; log: string }> = [];
  private stopped = false;

  private constructor(private readonly bin: string, public readonly dir: string) {
    this.kubeconfig = path.join(dir, 'kubeconfig');
  }

  /**
   * The environment of the harness's commands: the built kubectl (and its plugin `kubectl argo
   * rollouts`) first on the PATH, the cluster's kubeconfig as KUBECONFIG, as a user's shell has them.
   */
  public get env(): NodeJS.ProcessEnv {
    return { ...process.env, PATH: `${this.bin}${path.delimiter}${process.env.PATH ?? ''}`, KUBECONFIG: this.kubeconfig };
  }

  /** Runs kubectl against the cluster (KUBECONFIG names it: kubectl refuses a flag before a plugin's name). */
  public kubectl(args: readonly string[], input?: string): KubectlResult {
    const result = spawnSync(path.join(this.bin, 'kubectl'), args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024, env: this.env });
    if (result.error) throw result.error;
    return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs kubectl without blocking: the tests sample the cluster while it works (a drain). */
  public kubectlAsync(args: readonly string[]): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.bin, 'kubectl'), args, { stdio: ['ignore', 'pipe', 'pipe'], env: this.env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  /** kubectl, failing with its output unless it exits 0. */
  public kubectlOk(args: readonly string[], input?: string): string {
    const r = this.kubectl(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /**
   * Server-side apply of objects, strict field validation, this library's field manager; with
   * `dryRun` the server validates and admits without persisting.
   */
  public apply(objects: readonly unknown[], options: { dryRun?: boolean } = {}): KubectlResult {
    const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--validate=strict', '-f', '-'];
    if (options.dryRun) args.push('--dry-run=server');
    return this.kubectl(args, toYaml(objects));
  }

  /**
   * Client-side apply, as `kubectl apply -f dist/` in the README's release steps: kubectl
   * merges against the last applied configuration it keeps in an annotation, so a field a
   * controller set and the manifests never had (Argo's pod-template hash in a Service's
   * selector) stays. Strict field validation, this library's field manager.
   */
  public applyClientSide(objects: readonly unknown[]): KubectlResult {
    return this.kubectl(['apply', `--field-manager=${FIELD_MANAGER}`, '--validate=strict', '-f', '-'], toYaml(objects));
  }

  /** The server's object, or undefined. */
  public get(kind: string, name: string, namespace?: string): any {
    const r = this.kubectl(['get', kind, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json']);
    return r.code === 0 ? JSON.parse(r.stdout) : undefined;
  }

  /**
   * Creates the namespaces a manifest set uses but does not create, as a platform creates
   * them: labelled `restricted` for Pod Security Admission. Returns every namespace it uses.
   */
  public prepareNamespaces(objects: readonly any[]): string[] {
    const namespaces = [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => !!n))];
    const own = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name));
    for (const name of namespaces.filter((n) => !own.has(n) && !this.get('namespace', n))) {
      this.kubectlOk(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: RESTRICTED_NAMESPACE } }));
    }
    return namespaces;
  }

  /** Deletes the namespaces (and this library's objects in kube-system), waiting until they are gone. */
  public removeNamespaces(namespaces: readonly string[]): void {
    const own = namespaces.filter((n) => n !== 'kube-system');
    if (own.length > 0) this.kubectl(['delete', 'namespace', ...own, '--wait=true', '--timeout=180s', '--ignore-not-found']);
    this.kubectl(['delete', 'configmap', '-n', 'kube-system', '-l', `app.kubernetes.io/managed-by=${FIELD_MANAGER}`, '--ignore-not-found']);
  }

  /**
   * Simulated nodes: KWOK marks the nodes it manages Ready and the pods bound to them Running
   * and Ready, without containers (it ignores probes: a pod is ready once it runs). `count`
   * nodes, one per zone, each with room for any reference system.
   */
  public async startNodes(count: number): Promise<string[]> {
    this.run('kwok', [
      `--kubeconfig=${this.kubeconfig}`, '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', '--cidr=10.244.0.1/16', '--node-ip=10.0.0.1',
    ]);
    const names = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
    const nodes = names.map((name, i) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': `zone-${String.fromCharCode(97 + i)}`, 'type': 'kwok' },
      },
      status: { allocatable: { 'cpu': '64', 'memory': '256Gi', 'pods': '250', 'ephemeral-storage': '1Ti' }, capacity: { 'cpu': '64', 'memory': '256Gi', 'pods': '250', 'ephemeral-storage': '1Ti' } },
    }));
    this.kubectlOk(['create', '-f', '-'], toYaml(nodes));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const r = this.kubectl(['get', 'nodes', '-o', 'json']);
      const ready = r.code === 0 ? JSON.parse(r.stdout).items.filter((n: any) => (n.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')) : [];
      if (ready.length === count) {
        // The admission plugin TaintNodesByCondition taints a new node not-ready; the node
        // lifecycle controller (left out: the simulated nodes keep no lease) would lift it.
        this.kubectlOk(['taint', 'nodes', '--all', 'node.kubernetes.io/not-ready:NoSchedule-']);
        return names;
      }
      await sleep(500);
    }
    throw new Error(`the simulated nodes did not become Ready:\n${this.logTail('kwok')}`);
  }

  /**
   * The Argo Rollouts controller (test/cluster/argo-rollouts), out of cluster as its developers
   * run it: cluster-wide, no leader election, its metrics and health ports on free loopback
   * ports. Resolves once it serves its health check.
   */
  public async startArgoRollouts(): Promise<void> {
    const [metrics, health] = [await freePort(), await freePort()];
    this.run('rollouts-controller', [
      `--kubeconfig=${this.kubeconfig}`, '--leader-elect=false', `--metricsPort=${metrics}`, `--healthzPort=${health}`, '--loglevel=info',
    ], { POD_NAMESPACE: 'argo-rollouts' });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${health}/healthz`).then((r) => r.ok, () => false);
      if (ok) return;
      if (this.processes.some((p) => p.name === 'rollouts-controller' && p.child.exitCode !== null)) break;
      await sleep(500);
    }
    throw new Error(`the Argo Rollouts controller did not start:\n${this.logTail('rollouts-controller')}`);
  }

  /** Stops every process and removes the data directory; safe to call twice. */
  public stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of [...this.processes].reverse()) {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The tail of a component's log, for a failure message. */
  public logTail(name: string, lines = 30): string {
    const p = this.processes.find((x) => x.name === name);
    if (!p || !fs.existsSync(p.log)) return '';
    return fs.readFileSync(p.log, 'utf8').split('\n').slice(-lines).join('\n');
  }

  private run(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    const log = path.join(this.dir, `${name}.log`);
    const fd = fs.openSync(log, 'a');
    const child = spawn(path.join(this.bin, name), args, { stdio: ['ignore', fd, fd], detached: false, env: { ...process.env, ...env } });
    fs.closeSync(fd);
    if (child.pid !== undefined) fs.appendFileSync(path.join(this.dir, 'pids'), `${child.pid}\n`);
    this.processes.push({ name, child, log });
    child.once('exit', (code, signal) => {
      if (!this.stopped) fs.appendFileSync(log, `\n[${name} exited: ${code ?? signal}]\n`);
    });
    return child;
  }

  private async boot(controllers: boolean): Promise<void> {
    const dir = this.dir;
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    this.run('etcd', [
      '--name=default', `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`, '--log-level=error', '--quota-backend-bytes=2147483648',
    ]);

    // A token the harness makes, and the service-account signing key.
    const token = randomBytes(24).toString('hex');
    fs.writeFileSync(path.join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dir, 'sa.key');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    const certDir = path.join(dir, 'certs');
    this.run('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--cert-dir=${certDir}`, `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC', '--service-cluster-ip-range=10.96.0.0/16',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${keyFile}`, `--service-account-signing-key-file=${keyFile}`,
      '--api-audiences=https://kubernetes.default.svc.cluster.local',
    ]);
    fs.writeFileSync(this.kubeconfig, stringify({
      'apiVersion': 'v1',
      'kind': 'Config',
      'clusters': [{ name: 'zd', cluster: { 'server': `https://127.0.0.1:${apiPort}`, 'insecure-skip-tls-verify': true } }],
      'users': [{ name: 'admin', user: { token } }],
      'contexts': [{ name: 'zd', context: { cluster: 'zd', user: 'admin' } }],
      'current-context': 'zd',
    }), { mode: 0o600 });
    await this.waitReady();

    if (controllers) {
      this.run('kube-controller-manager', [
        `--kubeconfig=${this.kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=0',
        `--service-account-private-key-file=${keyFile}`, `--root-ca-file=${path.join(certDir, 'apiserver.crt')}`,
        '--use-service-account-credentials=false', '--controllers=*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service,-route',
      ]);
      this.run('kube-scheduler', [`--kubeconfig=${this.kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=0']);
    }
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const r = this.kubectl(['get', '--raw', '/readyz']);
      if (r.code === 0 && r.stdout.trim() === 'ok') return;
      if (this.processes.some((p) => p.child.exitCode !== null)) break;
      await sleep(500);
    }
    throw new Error(`the API server did not become ready:\n${this.logTail('kube-apiserver')}\n${this.logTail('etcd')}`);
  }
}

/**
 * Objects as one multi-document YAML stream, written as `cdk8s synth` writes it: kubectl reads
 * YAML 1.1, where a bare `Off` is false, so the harness applies exactly the bytes users apply.
 */
export function toYaml(objects: readonly unknown[]): string {
  return Yaml.stringify(...objects);
}

/** ../shared/crds: Argo Rollouts, Prometheus Operator, KEDA, external-secrets, cert-manager, Gateway API (standard channel), Traefik, VPA. */
export const CRD_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'crds');

function crdFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'experimental' ? [] : crdFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  }).sort();
}

/** Installs every CRD of ../shared/crds and waits until each is established. */
export function installCrds(plane: ControlPlane): number {
  const crds = crdFiles(CRD_DIR).flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJSON()))
    .filter((d) => d && d.kind === 'CustomResourceDefinition');
  if (crds.length === 0) throw new Error(`no CustomResourceDefinition under ${CRD_DIR}`);
  // cert-manager's and external-secrets' CRDs declare selectableFields (field selectors on
  // custom resources, Kubernetes 1.30+), which a 1.27 API server refuses as an unknown field.
  // They select, they do not validate: dropped, the schemas stay as they are.
  for (const crd of crds) for (const v of crd.spec?.versions ?? []) delete v.selectableFields;
  const r = plane.apply(crds);
  if (r.code !== 0) throw new Error(`installing the CRDs failed:\n${r.stderr}`);
  plane.kubectlOk(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=120s']);
  return crds.length;
}
