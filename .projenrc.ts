import { cdk8s, javascript, JsonFile } from 'projen';

// Toolchain pins follow ../shared/DESIGN.md "Toolchain facts": typescript 7 breaks ts-node,
// jsii 6 needs it, so both stay on 5.9; @types/node@^20 replaces the missing ts5.9 tag.
const CDK8S_PLUS = 'cdk8s-plus-27@^2.9.5';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-zero-downtime',
  description:
    'cdk8s constructs that make zero-downtime releases the default: hardened rolling Deployments, blue/green and canary releases, autoscaling consistent with disruption budgets, layered configuration.',
  author: 'cdk8s-zero-downtime maintainers',
  authorAddress: 'maintainers@cdk8s-zero-downtime.dev',
  repositoryUrl: 'https://github.com/cdk8s-zero-downtime/cdk8s-zero-downtime.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'kubernetes', 'zero-downtime', 'blue-green', 'canary', 'autoscaling'],

  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.0',
  jsiiVersion: '~5.9.0',
  minNodeVersion: '20.0.0',

  peerDeps: [CDK8S_PLUS],
  // The jsii targets this project's machines can build: Python (.ci/run builds the wheel and runs
  // the Python example from it). Java needs org.cdk8s:cdk8s-plus-27, which the Maven mirror here
  // does not serve; Go needs cdk8s-team's Go modules, which the module proxy here refuses; .NET
  // needs a dotnet SDK. The API is kept clean of every target's reserved words all the same.
  publishToPypi: { distName: 'cdk8s-zero-downtime', module: 'cdk8s_zero_downtime' },
  // The release command: stage / promote / rollback / finalize a blue/green release file.
  bin: { 'cdk8s-zd': 'lib/cli/main.js' },
  // Runtime dependencies of a jsii library are bundled into its package: dotenv for .env
  // layers; yaml (YAML 1.1, as Kubernetes reads it) and js-yaml (lenient where Go's parser is)
  // for reading manifests in `cdk8s-zd check` and the validation plugin.
  bundledDeps: ['dotenv@^17.4.2', 'yaml@^2.8', 'js-yaml@^4.1'],
  devDeps: [
    CDK8S_PLUS,
    'typescript@~5.9',
    '@types/node@^20',
    'jsii-rosetta@~5.9.0',
    // Pinned where the registry serves every platform binary, so package-lock.json records
    // them all and `npm ci` works on any machine (npm/cli#4828).
    '@swc/core@1.16.18',
    '@swc/jest@^0.2.39',
    'esbuild@^0.25',
    'cdk8s-cli@^2.200.0',
    'fast-check@^4',
    '@types/js-yaml@^4',
    'ajv@^8.17',
  ],

  // This repository is developed and checked by .ci/run; no GitHub automation.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'apps', 'bench', 'examples', '.projenrc.ts'],
  },
  tsconfigDev: {
    // jsii projects keep the dev tsconfig in test/: paths are relative to it.
    include: ['../apps/**/*.ts', '../bench/**/*.ts', '../examples/**/*.ts'],
    // The examples import the package by its name, as a user's app does; here it is src/.
    compilerOptions: { paths: { 'cdk8s-zero-downtime': ['../src'] } },
  },

  jestOptions: {
    // A snapshot never changes silently: `npx projen test:update` is the only way to rewrite one.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      snapshotSerializers: ['<rootDir>/test/support/yaml-serializer.ts'],
      testEnvironment: 'node',
      // The examples import the package by its name: resolve it to src/.
      moduleNameMapper: { '^cdk8s-zero-downtime$': '<rootDir>/src' },
      collectCoverage: false,
      // Both cores: jest's default (cores - 1) leaves one idle on a 2-core machine.
      maxWorkers: 2,
    },
  },
  gitignore: ['/dist/', '/.build/', '/.jest-cache/'],
});
// No file-level import cycle in the library either (tests and apps are leaves; checking them
// too would double the lint time for nothing).
project.eslint!.addOverride({ files: ['src/**/*.ts'], rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] } });

// The layers of src/, lowest first: a layer imports only from layers before it (README,
// "Architecture"). Lint enforces the direction, so no folder-level cycle can come back.
const LAYERS = ['core', 'policy', 'profile', 'crd', 'scaling', 'workload', 'config', 'traffic', 'observability', 'security', 'ops', 'release', 'cli'];
project.eslint!.addRules({
  'import/no-restricted-paths': ['error', {
    zones: LAYERS.slice(0, -1).map((layer, i) => ({
      target: `./src/${layer}`,
      from: LAYERS.slice(i + 1).map((later) => `./src/${later}`),
      message: `src/${layer} may import only from ${LAYERS.slice(0, i).map((l) => `src/${l}`).join(', ') || 'nothing of ours'} (see README, Architecture)`,
    })),
  }],
});

// jsii warns of names reserved in any target language; projen's default compile silences that
// warning, which would hide a property no Python or Java user could set. Nothing is silenced.
project.compileTask.reset('jsii');
project.tasks.tryFind('watch')?.reset('jsii -w');

// eslint resolves imports with the dev tsconfig (it includes src/), which maps the package's own name (used by
// examples/) to src/.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', './test/tsconfig.json');

project.addPackageIgnore('/apps/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/.build/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('cdk8s.yaml');

// eslint's import resolver pulls unrs-resolver; 1.13's platform binaries are not all on the
// registry, which leaves package-lock.json incomplete and breaks `npm ci` (npm/cli#4828).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });
// npm 11's install-script review (the allowScripts field, advisory until npm 12): these dev
// tools' scripts check or fetch their platform binary (esbuild, swc, unrs-resolver), build one
// only when no prebuilt binary fits (@parcel/watcher), or print a notice (backport, via projen).
project.package.addField('allowScripts', {
  '@parcel/watcher': true,
  '@swc/core': true,
  'backport': true,
  'esbuild': true,
  'unrs-resolver': true,
});

// Fast jest transform: @swc/jest strips types (the jsii compile type-checks src, and the
// `typecheck` task below checks tests, apps and benchmarks before jest runs).
project.deps.removeDependency('ts-jest');
project.jest!.config.transform = {
  '^.+\\.(t|j|mj)sx?$': new javascript.Transform('@swc/jest', {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }),
};

// apps/, bench/ and examples/ are linted and type-checked like src/ but not compiled into the package:
// each gets a tsconfig extending the dev one, so eslint's project service finds its files.
for (const dir of ['apps', 'bench', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../test/tsconfig.json',
      include: ['**/*.ts'],
    },
    marker: true,
    allowComments: true,
  });
}

const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests, apps and benchmarks (src is checked by the jsii compile)',
  exec: `tsc --noEmit -p ${project.tsconfigDev.fileName}`,
});
project.testTask.prependSpawn(typecheck);


// The cluster tests: a real kube-apiserver, controllers and etcd built from the Go module proxy
// (cached per machine), every reference set and release step applied to it. Separate from
// `test`: it needs Go and, on a fresh machine, a 10-minute build.
project.addTask('test:cluster', {
  description: 'Build (or reuse) a Kubernetes 1.27 control plane and apply every reference set and release step to it',
  exec: 'bash test/cluster/run.sh',
  receiveArgs: true,
});

// Synthesize every reference system x environment: bundle apps/main.ts with esbuild (no type
// check on the hot path) and run it with node through the cdk8s CLI, as cdk8s.yaml says.
project.addTask('synth', {
  description: 'Synthesize every reference system for every environment into dist/manifests/',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  exec: 'cdk8s synth --no-check-upgrade',
});

// The release command against this repository's reference systems, without a compile first:
// `npx projen zd stage --system meetinity-gateway --environment production --image <ref>`.
project.addTask('zd', {
  description: 'Run the cdk8s-zd release command (arguments are passed on)',
  steps: [
    { exec: 'esbuild src/cli/main.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/cli/main.js --log-level=warning' },
    { exec: 'node .build/cli/main.js', receiveArgs: true },
  ],
});

project.addTask('schemas', {
  description: 'Regenerate test/support/schemas from ../shared (Kubernetes 1.27 OpenAPI, CRD manifests)',
  steps: [
    { exec: 'esbuild test/support/schemas/generate.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/schemas/generate.js --log-level=warning' },
    { exec: 'node .build/schemas/generate.js' },
  ],
});

project.addTask('crd:types', {
  description: 'Regenerate src/crd/models.ts (types of the custom resources rendered) from test/support/schemas/crds.json',
  steps: [
    { exec: 'esbuild test/support/schemas/crd-types.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/schemas/crd-types.js --log-level=warning' },
    { exec: 'node .build/schemas/crd-types.js' },
  ],
});

project.addTask('bench', {
  description: 'Measure synth time of all reference systems (a measurement, not a test)',
  steps: [
    {
      exec: 'esbuild bench/synth.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/bench/synth.js --log-level=warning',
    },
    { exec: 'node .build/bench/synth.js' },
  ],
});

project.addTask('bench:env', {
  description: 'Measure the .env reader on 20,000 and 32,000-line files (a measurement, not a test)',
  steps: [
    { exec: 'esbuild bench/env-reader.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/bench/env-reader.js --log-level=warning' },
    { exec: 'node .build/bench/env-reader.js' },
  ],
});

project.addTask('docs:rules', {
  description: 'Regenerate docs/rules.md from the rule registry',
  steps: [
    { exec: 'esbuild test/support/rules-doc.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/docs/rules-doc.js --log-level=warning' },
    { exec: 'node .build/docs/rules-doc.js' },
  ],
});

project.addTask('bench:diff', {
  description: 'Measure cdk8s-zd diff on two sets of 5,000 objects (a measurement, not a test)',
  steps: [
    { exec: 'esbuild bench/diff.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/bench/diff.js --log-level=warning' },
    { exec: 'node .build/bench/diff.js' },
  ],
});

project.addTask('bench:scale', {
  description: 'Measure synth and check at 1,000 to 10,000 objects against raw ApiObjects (a measurement, not a test)',
  steps: [
    { exec: 'esbuild bench/scale.ts --bundle --platform=node --target=node20 --packages=external --outfile=.build/bench/scale.js --log-level=warning' },
    { exec: 'node --expose-gc --max-old-space-size=8192 .build/bench/scale.js' },
  ],
});

project.synth();
