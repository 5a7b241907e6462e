import { createHash } from 'crypto';

/** Ten hex characters of the SHA-256 of the data, keys sorted: the same data, the same name. */
export function contentHash(data: { [key: string]: string }): string {
  const canonical = JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k]]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 10);
}
