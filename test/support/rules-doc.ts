import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/policy/registry';

const RULES_DIR = path.join(__dirname, '..', '..', 'src', 'policy', 'rules');

/** docs/rules.md, rendered from the rule registry and each rule file's doc comment. */
export function renderRulesDoc(): string {
  const files = fs.readdirSync(RULES_DIR).sort();
  const lines = [
    '# Zero-downtime rules',
    '',
    '<!-- Generated from src/policy/registry.ts by `npx projen docs:rules`; a test fails when it is stale. -->',
    '',
    'Every rule runs in three places: at synth (every chart that holds a construct of this library, or',
    'that calls `RolloutChecks.of(chart)`), in `cdk8s-zd check` on any manifests, and in the cdk8s CLI',
    'validation plugin. Suppress one rule on one object with the annotation',
    '`zero-downtime.cdk8s.io/suppress: "ZD004: <reason>"` (or `RolloutChecks.suppress(obj, rule, reason)`);',
    'a suppression without a reason is itself an error (ZD000).',
    '',
    '| Rule | Severity | Promise | Source |',
    '| --- | --- | --- | --- |',
    ...RULES.map((r) => {
      const file = files.find((f) => f.startsWith(`${r.id.toLowerCase()}-`)) ?? '';
      return `| ${r.id} | ${r.severity} | ${r.summary} | [${file}](../src/policy/rules/${file}) |`;
    }),
    '| ZD000 | error | Suppressions name a rule and give a reason | [engine.ts](../src/policy/engine.ts) |',
    '',
    '## What each rule checks, and what it follows',
    '',
  ];
  for (const r of RULES) {
    const file = files.find((f) => f.startsWith(`${r.id.toLowerCase()}-`)) ?? '';
    const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
    const marker = text.indexOf(`export const ${r.id}_`);
    const comment = text.slice(0, marker).match(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/)?.[1] ?? '';
    const prose = comment.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join(' ').replace(/\s+/g, ' ').trim();
    lines.push(`### ${r.id}: ${r.summary}`, '', `Severity: ${r.severity}.`, '', prose, '');
  }
  return lines.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), renderRulesDoc());
}
