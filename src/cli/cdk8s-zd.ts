import * as fs from 'fs';
import * as path from 'path';
import { ArgoCanary, argoCanaryOf } from './argo-canary';
import { runCheck } from './check-command';
import { runDiff } from './diff-command';
import { CliIo } from './io';
import { readOption } from './options';
import { readinessWaitFor, runReadinessWait } from './readiness-wait';
import { updateReleaseFile } from './release-file';
import { renderedModel } from './rendered-workloads';
import { ImageReference } from '../core/image-reference';
import { isDnsLabel } from '../core/names';
import { ManifestModel } from '../policy/model/manifest-model';
import { checkImmutableImage } from '../policy/rules/zd007-immutable-image';
import { CanaryState } from '../release/canary-state';
import { ReleasePhase, ReleaseState } from '../release/release-state';

/** Exit codes a pipeline can rely on. */
export const EXIT = { OK: 0, REFUSED: 1, USAGE: 2 } as const;

const COMMANDS: { [command: string]: string } = {
  status: 'show the release: colours or tracks, phase, images, weight',
  stage: 'blue/green: run a new image on the idle colour behind the preview Service (--image <ref> [--version <v>])',
  promote: 'blue/green: point the active Service at the staged colour; canary: the canary becomes stable',
  rollback: 'blue/green: point the active Service back at the previous colour; canary: remove the canary',
  finalize: 'blue/green: scale the previous colour to 0 after the rollback window',
  abort: 'blue/green: scale a staged colour back to 0 without it ever taking live traffic',
  canary: 'canary: start a canary (--image <ref>) or move it (--weight <0-100>)',
  check: 'run the zero-downtime rules over any manifests (cdk8s-zd check --help)',
  diff: 'review a change between two manifest sets, for a pull request (cdk8s-zd diff --help)',
};

const CANARY_COMMANDS = ['status', 'canary', 'promote', 'rollback'];
const BLUE_GREEN_COMMANDS = ['status', 'stage', 'promote', 'rollback', 'finalize', 'abort'];

const USAGE = [
  'usage: cdk8s-zd <command> (--file <release.json> | --system <name> --environment <env>) [options]',
  '',
  'Blue/green releases as reviewable changes: each command validates the transition, rewrites',
  'the release file atomically (or changes nothing), and prints what to review and apply next.',
  '',
  'commands:',
  ...Object.entries(COMMANDS).map(([c, d]) => `  ${c.padEnd(9)} ${d}`),
  '',
  'options:',
  '  --file <path>          the release file',
  '  --system <name>        with --environment: apps/<name>/release/<environment>.json',
  '  --environment <env>',
  '  --workload <name>      with --system: apps/<name>/release/<environment>.<workload>.json',
  '  --image <ref>          stage: the image to stage (immutable tag or digest)',
  '  --version <v>          stage: the version for kubernetes.io/change-cause (default: the image tag)',
  '  --weight <0-100>       canary: the canary\'s share of traffic or replicas (default 10 for a new canary;',
  '                         refused where an Argo Rollout runs the canary: its steps set the weight)',
  '  --wait                 promote: first wait, with kubectl, until the staged colour (the canary; an Argo',
  '                         canary: Healthy) is ready; refuse if it is not',
  '  --help                 this text',
  '',
  'exit codes: 0 done, 1 refused (invalid transition or release file; nothing written), 2 usage error',
];

const NAME_OPTIONS = ['system', 'environment', 'workload'];

interface Parsed { command?: string; options: { [key: string]: string }; help: boolean; wait: boolean }

function parse(argv: string[]): Parsed | string {
  const options: { [key: string]: string } = {};
  let command: string | undefined;
  let help = false;
  let wait = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--wait') {
      wait = true;
    } else if (arg.startsWith('--')) {
      const option = readOption(argv, i, ['file', 'system', 'environment', 'workload', 'image', 'version', 'weight'], (v) => v.startsWith('--'));
      if (typeof option === 'string') return option;
      const { key, value } = option;
      i = option.last;
      // These name a folder and a file under apps/: a path here would write outside it.
      if (NAME_OPTIONS.includes(key) && !isDnsLabel(value)) {
        return `--${key} (${JSON.stringify(value)}) must be a name of lowercase letters, digits and '-', not a path; use --file <path> for a release file elsewhere`;
      }
      options[key] = value;
    } else if (command === undefined) {
      command = arg;
    } else {
      return `unexpected argument ${JSON.stringify(arg)}`;
    }
  }
  return { command, options, help, wait };
}

function releaseFile(options: { [key: string]: string }, cwd: string): string | undefined {
  if (options.file) return path.resolve(cwd, options.file);
  if (options.system && options.environment) {
    const name = options.workload ? `${options.environment}.${options.workload}.json` : `${options.environment}.json`;
    return path.resolve(cwd, 'apps', options.system, 'release', name);
  }
  return undefined;
}

function describe(state: ReleaseState): string[] {
  const running = state.phase === ReleasePhase.STABLE ? state.activeColour : `${state.activeColour} and ${state.idleColour}`;
  return [
    `active colour: ${state.activeColour} (${state.imageOf(state.activeColour)})`,
    `idle colour:   ${state.idleColour} (${state.imageOf(state.idleColour)})`,
    `phase:         ${state.phase} (running: ${running})`,
    `version:       ${state.effectiveVersion}`,
    ...(state.warmReplicas !== undefined ? [`warm replicas: ${state.warmReplicas}`] : []),
  ];
}

/**
 * Where the manifests of a release file are written: cdk8s.yaml's `output` in the working
 * directory (cdk8s's default `dist` without one), and the system and environment folder when
 * the file was named by them (apps/main.ts writes `<output>/<system>/<environment>/`).
 */
function manifestsOf(options: { [key: string]: string }, cwd: string): string {
  const config = path.join(cwd, 'cdk8s.yaml');
  const output = fs.existsSync(config) ? /^output:\s*['"]?([^'"\s#]+)/m.exec(fs.readFileSync(config, 'utf8'))?.[1] ?? 'dist' : 'dist';
  return options.system && options.environment && !options.file ? `${output}/${options.system}/${options.environment}/` : `${output}/`;
}

/** Render, review, apply: the same three steps after every command that rewrites the file. */
function reviewSteps(display: string, manifests: string): string[] {
  return [
    '  1. cdk8s synth                      render the manifests',
    `  2. git diff ${display}; kubectl diff -f ${manifests}   review the change`,
    `  3. kubectl apply -f ${manifests}`,
  ];
}

function nextSteps(state: ReleaseState, command: string, display: string, manifests: string): string[] {
  const review = reviewSteps(display, manifests);
  const then: { [c: string]: string } = {
    stage: `  4. smoke-test ${state.idleColour} through the preview Service, then: cdk8s-zd promote`,
    promote: '  4. watch errors and latency; cdk8s-zd rollback to return, cdk8s-zd finalize once the rollback window has passed',
    rollback: `  4. the ${state.idleColour} colour keeps running for inspection: cdk8s-zd abort to scale it to 0, or stage a fix`,
    finalize: `  4. done: only ${state.activeColour} runs`,
    abort: `  4. done: only ${state.activeColour} runs`,
  };
  return ['next:', ...review, then[command]];
}

/**
 * Runs `cdk8s-zd` with arguments; returns the exit code. Nothing is written unless the
 * transition is valid.
 */
export function runCli(argv: string[], io: CliIo, cwd: string = process.cwd()): number {
  if (argv[0] === 'check') return runCheck(argv.slice(1), io);
  if (argv[0] === 'diff') return runDiff(argv.slice(1), io);
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    io.err(`cdk8s-zd: ${parsed}`);
    io.err(USAGE[0]);
    return EXIT.USAGE;
  }
  if (parsed.help || parsed.command === undefined) {
    const lines = parsed.command && COMMANDS[parsed.command] ? [`cdk8s-zd ${parsed.command}: ${COMMANDS[parsed.command]}`, '', ...USAGE] : USAGE;
    for (const line of lines) (parsed.help ? io.out : io.err)(line);
    return parsed.help ? EXIT.OK : EXIT.USAGE;
  }
  const command = parsed.command;
  if (!COMMANDS[command]) {
    io.err(`cdk8s-zd: unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return EXIT.USAGE;
  }
  const file = releaseFile(parsed.options, cwd);
  if (!file) {
    io.err('cdk8s-zd: name the release file with --file <path> or --system <name> --environment <env>');
    return EXIT.USAGE;
  }
  if (parsed.wait && command !== 'promote') {
    io.err('cdk8s-zd: --wait is an option of promote');
    return EXIT.USAGE;
  }
  if (command === 'stage' && !parsed.options.image) {
    io.err('cdk8s-zd: stage needs --image <ref>');
    return EXIT.USAGE;
  }
  const display = path.relative(cwd, file) || file;
  // The image policy synth applies (ZD007), applied before the file changes: a staged image
  // that the next synth would refuse is refused now.
  const image = parsed.options.image;
  const imageRefusal = image !== undefined ? imagePolicyRefusal(image, environmentOf(parsed.options, file), display, command) : undefined;
  if (imageRefusal) {
    io.err(`cdk8s-zd: ${imageRefusal}`);
    io.err(`cdk8s-zd: nothing written to ${display}`);
    return EXIT.REFUSED;
  }
  let result: { before: string; after: string; lines: string[] } | undefined;
  try {
    // Locked from the read to the write: a concurrent command is refused, never lost.
    result = updateReleaseFile(file, display, (text) => {
      const canary = CanaryState.isCanary(text);
      const allowed = canary ? CANARY_COMMANDS : BLUE_GREEN_COMMANDS;
      if (!allowed.includes(command)) {
        throw new Error(`${display}: ${command} is not a command for a ${canary ? 'canary' : 'blue/green'} release; use ${allowed.join(', ')}`);
      }
      const manifests = manifestsOf(parsed.options, cwd);
      // Read once, when a command first needs them.
      let model: { value: ManifestModel | undefined } | undefined;
      const rendered = () => (model ??= { value: renderedModel(manifests, cwd) }).value;
      const ctx: TransitionContext = { options: parsed.options, io, display, manifests, cwd, wait: parsed.wait, rendered };
      return canary
        ? canaryTransition(CanaryState.parse(display, text), command, ctx)
        : blueGreenTransition(ReleaseState.parse(display, text), command, ctx);
    });
  } catch (e) {
    io.err(`cdk8s-zd: ${(e as Error).message}`);
    io.err(`cdk8s-zd: nothing written to ${display}`);
    return EXIT.REFUSED;
  }
  if (!result) return EXIT.OK;
  io.out(`${display}: ${command} done (${result.before})`);
  for (const line of result.lines) io.out(line);
  return EXIT.OK;
}

type Options = { [key: string]: string };

const ENVIRONMENTS = ['development', 'staging', 'production'];

/**
 * The environment a release file belongs to: `--environment`, else its file name
 * (`<environment>.json`, `<environment>.<workload>.json`, as `--system` names them).
 */
function environmentOf(options: Options, file: string): string | undefined {
  if (options.environment) return options.environment;
  const first = path.basename(file).split('.')[0];
  return ENVIRONMENTS.includes(first) ? first : undefined;
}

/** Why an image cannot be staged in an environment, or undefined. */
function imagePolicyRefusal(image: string, environment: string | undefined, display: string, command: string): string | undefined {
  let reference: ImageReference;
  try {
    reference = ImageReference.parse(image);
  } catch (e) {
    return `${display}: cannot ${command}: --image (${JSON.stringify(image)}) must be a valid image reference (${(e as Error).message})`;
  }
  if (environment !== 'staging' && environment !== 'production') return undefined;
  const violation = checkImmutableImage(reference, environment);
  return violation ? `${display}: cannot ${command}: ${violation.rule} --image (${violation.found}) ${violation.needed}; ${violation.fix}` : undefined;
}

/** What a release transition needs beside the state. */
interface TransitionContext {
  readonly options: Options;
  readonly io: CliIo;
  readonly display: string;
  /** Where the release's manifests are rendered. */
  readonly manifests: string;
  readonly cwd: string;
  /** The rendered manifests, as the rules read them (undefined when they are not there). */
  readonly rendered: () => ManifestModel | undefined;
  /** promote --wait: wait for the staged colour (the canary) with kubectl first. */
  readonly wait: boolean;
}

function blueGreenTransition(state: ReleaseState, command: string, ctx: TransitionContext) {
  const { options, io, display, manifests } = ctx;
  if (command === 'status') {
    for (const line of describe(state)) io.out(line);
    return undefined;
  }
  let next: ReleaseState;
  let readiness: string[] = [];
  switch (command) {
    case 'stage': next = state.stage(options.image, options.version); break;
    case 'promote':
      next = state.promote();
      readiness = readinessBeforePromote(state.imageOf(state.idleColour), 'the staged colour must be ready', ctx,
        `wait until the pods running ${state.imageOf(state.idleColour)} are ready (kubectl rollout status on the ${state.idleColour} workload)`);
      break;
    case 'rollback': next = state.rollback(); break;
    case 'finalize': next = state.finalize(); break;
    default: next = state.abort(); break;
  }
  return {
    before: `${state.phase} -> ${next.phase}`,
    after: next.toJson(),
    lines: [...describe(next).map((l) => `  ${l}`), ...readiness, ...nextSteps(next, command, display, manifests)],
  };
}

/**
 * Seed 000's wait before the flip: the staged colour (the canary) must be ready before the
 * Service points at it (before it becomes stable). Prints the wait (read from the rendered
 * manifests), else `otherwise`; with --wait runs it and refuses the promotion, writing nothing,
 * unless the pods are ready.
 */
function readinessBeforePromote(staged: string, needed: string, ctx: TransitionContext, otherwise: string): string[] {
  const wait = readinessWaitFor(ctx.rendered(), staged);
  if (ctx.wait) {
    if (!wait) {
      throw new Error(`${ctx.display}: cannot promote --wait: no running Deployment or Rollout in ${ctx.manifests} runs ${staged}; run cdk8s synth and apply the staged release first`);
    }
    const refusal = runReadinessWait(wait, ctx.io);
    if (refusal) throw new Error(`${ctx.display}: cannot promote: ${refusal}`);
    return [`ready: ${wait.workload}`];
  }
  return wait
    ? [`before you apply, ${needed} (cdk8s-zd promote --wait runs this first):`, `  ${wait.argv.join(' ')}`]
    : [`before you apply, ${otherwise}`];
}

function describeCanary(state: CanaryState, argo: ArgoCanary | undefined): string[] {
  if (argo) {
    // Argo's steps move the weight: the file records which image Argo rolls out.
    return [
      `stable: ${state.stableImage}`,
      `canary: ${state.canaryImage ?? 'none'}${state.hasCanary ? ` (Rollout/${argo.name} in ${argo.namespace} sets its weight: ${argo.weights.join(', ')} %)` : ''}`,
    ];
  }
  return [
    `stable: ${state.stableImage} (${100 - state.weight} %)`,
    `canary: ${state.canaryImage ?? 'none'} (${state.weight} %)`,
  ];
}

/**
 * A canary command. Where an Argo Rollout runs the release (read from the rendered manifests),
 * its steps set the weight: `--weight` is refused, a new canary is recorded at 0 %, and promote
 * waits for the Rollout to be Healthy on the canary image (Argo has taken it through every step
 * with its analysis): promoted in the file before that, a later rollback would render the image
 * Argo may still abort.
 */
function canaryTransition(state: CanaryState, command: string, ctx: TransitionContext) {
  const { options, io, display, manifests } = ctx;
  const argo = argoCanaryOf(ctx.rendered(), [state.canaryImage ?? state.stableImage, state.stableImage]);
  if (command === 'status') {
    for (const line of describeCanary(state, argo)) io.out(line);
    return undefined;
  }
  let next: CanaryState;
  let readiness: string[] = [];
  if (command === 'canary') {
    if (argo && options.weight !== undefined) {
      throw new Error(`${state.source}: cannot canary --weight (${options.weight}): Rollout/${argo.name} in ${argo.namespace} (${manifests}) sets the canary's weight by its steps `
        + `(${argo.weights.join(', ')} %); leave out --weight, and run kubectl argo rollouts promote ${argo.name} -n ${argo.namespace} to end a pause early`);
    }
    if (options.weight !== undefined && !/^\d+$/.test(options.weight)) {
      throw new Error(`${state.source}: cannot canary: --weight (${options.weight}) must be a whole percentage from 0 to 100`);
    }
    const weight = options.weight !== undefined ? Number(options.weight) : (argo ? 0 : state.hasCanary ? state.weight : 10);
    next = state.canary(weight, options.image);
  } else if (command === 'promote') {
    next = state.promote();
    const canaryImage = state.canaryImage!;
    readiness = argo
      ? readinessBeforePromote(canaryImage, `Rollout/${argo.name} must be Healthy on ${canaryImage}, every step and analysis passed`, ctx,
        `wait until Rollout/${argo.name} is Healthy on ${canaryImage} (kubectl argo rollouts status ${argo.name} -n ${argo.namespace})`)
      : readinessBeforePromote(canaryImage, 'the canary must be ready', ctx, `wait until the pods running ${canaryImage} are ready (kubectl rollout status on the canary workload)`);
  } else {
    next = state.rollback();
  }
  // Without rendered manifests the command cannot tell an Argo canary (whose synth refuses a weight).
  if (command === 'canary' && !argo && next.weight !== 0 && ctx.rendered() === undefined) {
    readiness.push(`no rendered manifests in ${manifests}: if an Argo Rollout runs this canary, its steps set the weight and the synth refuses ${next.weight} %; `
      + `cdk8s-zd canary --weight 0 --file ${display}`);
  }
  const then = !next.hasCanary
    ? `  4. done: only ${next.stableImage} runs`
    : argo
      ? `  4. Argo runs the steps (${argo.weights.join(', ')} %) with their analysis: kubectl argo rollouts get rollout ${argo.name} -n ${argo.namespace} --watch; `
        + 'once it is Healthy, cdk8s-zd promote (--wait checks it); if Argo aborts it, cdk8s-zd rollback'
      : '  4. watch the canary\'s errors and latency; cdk8s-zd canary --weight <more>, promote, or rollback';
  return {
    before: argo ? `canary ${state.canaryImage ?? 'none'} -> ${next.canaryImage ?? 'none'}` : `canary ${state.weight} % -> ${next.weight} %`,
    after: next.toJson(),
    lines: [
      ...describeCanary(next, argo).map((l) => `  ${l}`),
      ...readiness,
      'next:',
      ...reviewSteps(display, manifests),
      then,
    ],
  };
}
