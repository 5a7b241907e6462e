import { asArray, asNumber, asObject, asString, get, JsonObject } from './json';

/**
 * The seconds a container's preStop hook sleeps: the `sleep` action, or an exec of `sleep N`
 * (directly or through `sh -c "sleep N..."`). Undefined when there is no such hook.
 */
export function preStopSleepSeconds(container: JsonObject): number | undefined {
  const preStop = asObject(get(container, 'lifecycle', 'preStop'));
  if (!preStop) return undefined;
  const action = asNumber(get(preStop, 'sleep', 'seconds'));
  if (action !== undefined) return action;
  const command = asArray(get(preStop, 'exec', 'command')).map((c) => String(c));
  if (command.length === 0) return undefined;
  const joined = command[0].endsWith('sleep') ? command.join(' ') : command[command.length - 1];
  const m = /(?:^|[\s;&|(])(?:\/bin\/|\/usr\/bin\/)?sleep\s+(\d+(?:\.\d+)?)s?\b/.exec(joined);
  return m ? Number(m[1]) : undefined;
}

/** A probe's handler, comparable between probes: `httpGet /ready :http`, `exec ...`. */
export function probeHandler(probe: JsonObject | undefined): string | undefined {
  if (!probe) return undefined;
  const http = asObject(probe.httpGet);
  if (http) return `httpGet ${asString(http.path) ?? '/'} :${String(http.port)}`;
  const tcp = asObject(probe.tcpSocket);
  if (tcp) return `tcpSocket :${String(tcp.port)}`;
  const grpc = asObject(probe.grpc);
  if (grpc) return `grpc :${String(grpc.port)} ${asString(grpc.service) ?? ''}`.trim();
  const exec = asObject(probe.exec);
  if (exec) return `exec ${asArray(exec.command).map(String).join(' ')}`;
  return undefined;
}

/** The port a probe targets (number or name), if it targets one. */
export function probePort(probe: JsonObject | undefined): number | string | undefined {
  if (!probe) return undefined;
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = get(probe, handler, 'port');
    if (typeof port === 'number' || typeof port === 'string') return port;
  }
  return undefined;
}

/** The resource requests a container declares (cpu, memory, ...). */
export function requestedResources(container: JsonObject): string[] {
  return Object.keys(asObject(get(container, 'resources', 'requests')) ?? {});
}
