/**
 * `cdk8s synth` entry point (see cdk8s.yaml): every reference system for every environment,
 * written to `<outdir>/<system>/<environment>/`.
 */
import * as fs from 'fs';
import { SYSTEMS, synthesizeAll } from './systems';

const outdir = process.env.CDK8S_OUTDIR ?? 'dist/manifests';
// Start from an empty folder so a removed object never lingers in the output.
for (const system of SYSTEMS) fs.rmSync(`${outdir}/${system}`, { recursive: true, force: true });
synthesizeAll(outdir);
