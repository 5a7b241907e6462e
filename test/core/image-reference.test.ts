import * as fc from 'fast-check';
import { ImageReference } from '../../src';
import { checkImmutableImage } from '../../src/policy/rules/zd007-immutable-image';

const segment = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const repository = fc.tuple(fc.option(fc.constantFrom('ghcr.io', 'registry.local:5000', 'docker.io'), { nil: undefined }), fc.array(segment, { minLength: 1, maxLength: 3 }))
  .map(([registry, parts]) => [registry, ...parts].filter((p) => p !== undefined).join('/'));
const semverGitSha = fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.stringMatching(/^[0-9a-f]{7,40}$/), fc.boolean())
  .map(([a, b, c, sha, v]) => `${v ? 'v' : ''}${a}.${b}.${c}-${sha}`);
const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);

describe('ImageReference', () => {
  test.each([
    ['nginx', 'nginx', undefined, undefined],
    ['registry.local:5000/team/api:1.2.3-abcdef0', 'registry.local:5000/team/api', '1.2.3-abcdef0', undefined],
    [`ghcr.io/a/b@sha256:${'f'.repeat(64)}`, 'ghcr.io/a/b', undefined, `sha256:${'f'.repeat(64)}`],
    [`ghcr.io/a/b:1.0.0@sha256:${'0'.repeat(64)}`, 'ghcr.io/a/b', '1.0.0', `sha256:${'0'.repeat(64)}`],
  ])('parses %s', (reference, repo, tag, dig) => {
    const image = ImageReference.parse(reference);
    expect([image.repository, image.tag, image.digest]).toEqual([repo, tag, dig]);
  });

  test.each(['', ' nginx', 'nginx:', ':1.0', 'a@sha256:xyz'])('rejects %j', (reference) => {
    expect(() => ImageReference.parse(reference)).toThrow(/image reference/);
  });

  test('a repository path is lowercase (the registry host may not be); a tag follows the distribution grammar', () => {
    expect(() => ImageReference.parse('ghcr.io/Acme/API:1.0.0-abcdef1')).toThrow(
      'image reference "ghcr.io/Acme/API:1.0.0-abcdef1" has an invalid repository path component (Acme); components are lowercase letters and digits, separated by \'.\', \'_\', \'__\' or \'-\'');
    expect(() => ImageReference.parse('team//api')).toThrow('invalid repository path component ()');
    expect(() => ImageReference.parse('api:-1.0')).toThrow('image reference "api:-1.0" has an invalid tag (-1.0)');
    expect(ImageReference.parse('Registry.Example.com:5000/team/my_api__v2:1.0').repository).toBe('Registry.Example.com:5000/team/my_api__v2');
    expect(ImageReference.parse('localhost/api').repository).toBe('localhost/api');
  });

  test('property: repository, tag and digest round-trip', () => {
    fc.assert(fc.property(repository, fc.option(semverGitSha, { nil: undefined }), fc.option(digest, { nil: undefined }), (repo, tag, dig) => {
      const reference = `${repo}${tag ? `:${tag}` : ''}${dig ? `@${dig}` : ''}`;
      const image = ImageReference.parse(reference);
      expect(image.repository).toBe(repo);
      expect(image.tag).toBe(tag);
      expect(image.digest).toBe(dig);
    }));
  });

  test('property: any string either parses or fails with a message naming the reference', () => {
    fc.assert(fc.property(fc.string(), (reference) => {
      try {
        ImageReference.parse(reference);
      } catch (e) {
        expect((e as Error).message).toContain(JSON.stringify(reference));
      }
    }));
  });

  test('property: ZD007 accepts exactly semver-gitsha tags and digests', () => {
    fc.assert(fc.property(repository, semverGitSha, (repo, tag) => {
      expect(checkImmutableImage(ImageReference.parse(`${repo}:${tag}`), 'production')).toBeUndefined();
    }));
    fc.assert(fc.property(repository, digest, (repo, dig) => {
      expect(checkImmutableImage(ImageReference.parse(`${repo}@${dig}`), 'production')).toBeUndefined();
    }));
    const mutable = fc.oneof(fc.constant('latest'), fc.constant('1.3'), fc.constant('main'), fc.stringMatching(/^[0-9a-f]{7,40}$/), fc.constant('1.3.0'));
    fc.assert(fc.property(repository, mutable, (repo, tag) => {
      expect(checkImmutableImage(ImageReference.parse(`${repo}:${tag}`), 'production')?.rule).toBe('ZD007');
    }));
  });

  test('version for labels', () => {
    expect(ImageReference.parse('a:1.0.0-abcdef0').version).toBe('1.0.0-abcdef0');
    expect(ImageReference.parse(`a@sha256:${'ab'.repeat(32)}`).version).toBe('abababababab');
    expect(ImageReference.parse('a').version).toBeUndefined();
  });
});
