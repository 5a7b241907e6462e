/** A stream that reports write errors as events (process.stdout, process.stderr). */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error & { readonly code?: string }) => void): unknown;
}

/**
 * Treats a closed pipe (`cdk8s-zd check ... | head`) as the reader having seen enough, not as a
 * failure: the process ends with the exit code it had already set, without a stack trace. Any
 * other write error is rethrown.
 */
export function endQuietlyOnClosedPipe(streams: readonly ErrorEmitter[], exit: () => void): void {
  for (const stream of streams) {
    stream.on('error', (error) => {
      if (error.code === 'EPIPE') exit();
      else throw error;
    });
  }
}
