import * as fs from 'fs';
import * as path from 'path';
import { CHANGE_RULES } from '../../src/policy/diff/change-rules';
import { RULES } from '../../src/policy/registry';

const RULES_DIR = path.join(__dirname, '..', '..', 'src', 'policy', 'rules');
const CHANGE_RULES_DIR = path.join(__dirname, '..', '..', 'src', 'policy', 'diff', 'rules');

/** A rule file's doc comment, as one paragraph. */
function prose(dir: string, id: string): { file: string; text: string } {
  const file = fs.readdirSync(dir).sort().find((f) => f.startsWith(`${id.toLowerCase()}-`)) ?? '';
  const source = fs.readFileSync(path.join(dir, file), 'utf8');
  const marker = source.indexOf(`export const ${id}_`);
  const comment = source.slice(0, marker).match(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/)?.[1] ?? '';
  return { file, text: comment.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join(' ').replace(/\s+/g, ' ').trim() };
}

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
    lines.push(`### ${r.id}: ${r.summary}`, '', `Severity: ${r.severity}.`, '', prose(RULES_DIR, r.id).text, '');
  }
  lines.push(
    '## Change rules (`cdk8s-zd diff`)',
    '',
    'These judge the change from base (what is live) to head (what the apply makes live), after the',
    'rules above have judged head. Suppress them the same way, on the head object.',
    '',
    '| Rule | Severity | Promise | Source |',
    '| --- | --- | --- | --- |',
    ...CHANGE_RULES.map((r) => `| ${r.id} | ${r.severity} | ${r.summary} | [${prose(CHANGE_RULES_DIR, r.id).file}](../src/policy/diff/rules/${prose(CHANGE_RULES_DIR, r.id).file}) |`),
    '',
  );
  for (const r of CHANGE_RULES) {
    lines.push(`### ${r.id}: ${r.summary}`, '', `Severity: ${r.severity}.`, '', prose(CHANGE_RULES_DIR, r.id).text, '');
  }
  return lines.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), renderRulesDoc());
}
