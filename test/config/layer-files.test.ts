import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ConfigLayers } from '../../src';
import { parseEnvFile } from '../../src/config/env-file';
import { MAX_ENV_FILE_BYTES } from '../../src/config/layer-resolution';
import { envDir } from '../support/env-dir';

function layers(directory: string): () => ConfigLayers {
  return () => new ConfigLayers(Testing.chart(), 'Config', { name: 'cfg', environment: 'development', directory });
}

describe('layer files are read only when they are regular files of a sane size', () => {
  test('a FIFO is refused before it is opened (reading it would block the synth)', () => {
    const dir = envDir({});
    execFileSync('mkfifo', [path.join(dir, '.env')]);
    expect(layers(dir)).toThrow(`test/Config: 'directory' (${path.basename(dir)}/.env is a FIFO) must hold .env layers as regular files; replace ${path.basename(dir)}/.env with a regular file, or remove it`);
  });

  test('a symlink to a device (/dev/zero) is refused; a symlink to a regular file is followed', () => {
    const dir = envDir({ 'real.env': 'A=1\n' });
    fs.symlinkSync('/dev/zero', path.join(dir, '.env'));
    expect(layers(dir)).toThrow(`'directory' (${path.basename(dir)}/.env is not a regular file)`);
    fs.rmSync(path.join(dir, '.env'));
    fs.symlinkSync(path.join(dir, 'real.env'), path.join(dir, '.env'));
    expect(layers(dir)().getString('A')).toBe('1');
  });

  test('a file over the size limit is refused with its size', () => {
    const dir = envDir({ '.env': `A=${'x'.repeat(MAX_ENV_FILE_BYTES)}\n` });
    expect(layers(dir)).toThrow(`'directory' (${path.basename(dir)}/.env has ${MAX_ENV_FILE_BYTES + 3} bytes) must hold .env files of at most ${MAX_ENV_FILE_BYTES} bytes`);
  });

  test('an unterminated quote over 32,000 lines ends in an error naming the line it opened on', () => {
    const text = `OK=1\nA="${Array.from({ length: 32000 }, (_, i) => `line ${i}`).join('\n')}\n`;
    expect(() => parseEnvFile('.env', text)).toThrow('.env:2: unterminated " quote in the value of A; close the quote');
  });

  test('an escaped quote at the end of a line does not close the value', () => {
    expect(parseEnvFile('.env', 'A="one \\\\"\nB=2\n')).toEqual([{ key: 'A', value: 'one \\\\', source: '.env:1' }, { key: 'B', value: '2', source: '.env:2' }]);
    expect(parseEnvFile('.env', 'A="first\\\nsecond"\n')[0].source).toBe('.env:1');
  });
});
