import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkGatewayReference, GatewayReference } from './gateway-reference';
import { renderHttpRoute } from './routes';
import { checkValue } from '../core/checks';
import { dns1035LabelProblem, dns1123SubdomainProblem } from '../core/k8s-names';
import { portProblem } from '../core/k8s-numbers';
import { fail } from '../core/violation';
import type { IHTTPRoute } from '../crd/models';
import { RolloutChecks } from '../policy/rollout-checks';

/** One HTTPRoute rule, typed by the Gateway API model package (inside this file only). */
type HttpRouteRule = NonNullable<NonNullable<IHTTPRoute['spec']>['rules']>[number];

/**
 * When a version is deprecated and when it goes away (seed 001: v1, sunset 2025-12-31).
 */
export interface ApiDeprecation {
  /** The deprecation date or time (`2025-06-30` or `2025-06-30T00:00:00Z`), announced in `Deprecation` (RFC 9745). */
  readonly deprecatedOn: string;
  /** The sunset date or time, announced in `Sunset` (RFC 8594); after the deprecation. */
  readonly sunsetOn: string;
  /** The successor's URL, announced as `Link: <url>; rel="successor-version"`. */
  readonly successorUrl: string;
}

/**
 * One version of an API and its backend.
 */
export interface ApiVersion {
  /** The version as it appears in paths, headers and queries (`v1`). */
  readonly version: string;
  /** The Service serving this version. */
  readonly serviceName: string;
  /**
   * The Service port.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Deprecation and sunset.
   * @default - current, not deprecated
   */
  readonly deprecation?: ApiDeprecation;
  /**
   * Whether the version is gone (after its sunset): its routes are removed and the Gateway
   * answers 404.
   * @default false
   */
  readonly removed?: boolean;
}

/**
 * Props of a VersionedApi.
 */
export interface VersionedApiProps {
  /** Name of the HTTPRoute. */
  readonly name: string;
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayReference;
  /**
   * The path prefix of the API.
   * @default '/api'
   */
  readonly pathPrefix?: string;
  /**
   * The header naming a version.
   * @default 'X-API-Version'
   */
  readonly headerName?: string;
  /**
   * The query parameter naming a version.
   * @default 'api_version'
   */
  readonly queryParameter?: string;
  /** The versions; at least two live ones, as seed 001 asks. */
  readonly versions: ApiVersion[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An HTTP-date (IMF-fixdate, RFC 9110 section 5.6.7), as the Sunset header wants. */
export function httpDate(date: Date): string {
  const pad = (n: number) => `${n}`.padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} `
    + `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} GMT`;
}

/** A Structured Field Date (RFC 9651), as the Deprecation header wants: `@<seconds>`. */
export function structuredDate(date: Date): string {
  return `@${Math.floor(date.getTime() / 1000)}`;
}

/**
 * API versions routed to their backends by URL path (`/api/v1`), header (`X-API-Version: v1`)
 * and query parameter (`api_version=v1`), on a Gateway API HTTPRoute (seed 001). A deprecated
 * version answers with `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and a successor `Link`.
 * After the sunset, set `removed: true`: the version's routes disappear and the Gateway answers
 * 404 (Gateway API has no standard static-response filter for a 410).
 */
export class VersionedApi extends Construct {
  /** The HTTPRoute. */
  public readonly route: ApiObject;

  constructor(scope: Construct, id: string, props: VersionedApiProps) {
    super(scope, id);
    RolloutChecks.of(this);
    checkValue(this, 'name', props.name, dns1123SubdomainProblem(props.name), 'use lowercase letters, digits, \'-\' and \'.\'');
    checkGatewayReference(this, 'gateway', props.gateway);
    props.versions.forEach((v, i) => {
      checkValue(this, `versions[${i}].serviceName`, v.serviceName, dns1035LabelProblem(v.serviceName), 'use the name of the Service that serves the version');
      checkValue(this, `versions[${i}].servicePort`, v.servicePort ?? 80, portProblem(v.servicePort ?? 80), 'use the Service\'s port, such as 80');
    });
    const prefix = props.pathPrefix ?? '/api';
    const header = props.headerName ?? 'X-API-Version';
    const query = props.queryParameter ?? 'api_version';
    const live = props.versions.filter((v) => !v.removed);
    if (live.length < 2) {
      fail(this, { prop: 'versions', found: `${live.length} live`, needed: 'must keep at least 2 versions live at once (seed 001)', fix: 'release the successor before removing a version' });
    }
    const seen = new Set<string>();
    const rules: HttpRouteRule[] = [];
    for (const v of live) {
      if (!/^[A-Za-z0-9._-]+$/.test(v.version) || seen.has(v.version)) {
        fail(this, { prop: 'versions', found: v.version, needed: 'must be a unique version of letters, digits, ., - and _', fix: 'name versions v1, v2, ...' });
      }
      seen.add(v.version);
      const backendRefs = [{ kind: 'Service' as const, name: v.serviceName, port: v.servicePort ?? 80 }];
      const filters = v.deprecation ? [{ type: 'ResponseHeaderModifier' as const, responseHeaderModifier: { add: this.deprecationHeaders(v) } }] : undefined;
      const matches = [
        { path: { type: 'PathPrefix' as const, value: `${prefix}/${v.version}` } },
        { path: { type: 'PathPrefix' as const, value: prefix }, headers: [{ type: 'Exact' as const, name: header, value: v.version }] },
        { path: { type: 'PathPrefix' as const, value: prefix }, queryParams: [{ type: 'Exact' as const, name: query, value: v.version }] },
      ];
      rules.push({ name: v.version.toLowerCase().replace(/[^a-z0-9-]/g, '-'), matches, filters, backendRefs });
    }
    this.route = renderHttpRoute(this, 'Resource', { name: props.name }, props.gateway, rules);
  }

  private deprecationHeaders(v: ApiVersion): Array<{ name: string; value: string }> {
    const deprecation = v.deprecation!;
    const deprecated = this.parseDate(`versions.${v.version}.deprecatedOn`, deprecation.deprecatedOn);
    const sunset = this.parseDate(`versions.${v.version}.sunsetOn`, deprecation.sunsetOn);
    if (sunset.getTime() <= deprecated.getTime()) {
      fail(this, {
        prop: `versions.${v.version}.sunsetOn`,
        found: deprecation.sunsetOn,
        needed: `must be after deprecatedOn (${deprecation.deprecatedOn})`,
        fix: 'announce the deprecation first, then the sunset (seed 001: 6 to 12 months later)',
      });
    }
    if (!/^https?:\/\/[^\s<>"]+$/.test(deprecation.successorUrl)) {
      fail(this, { prop: `versions.${v.version}.successorUrl`, found: deprecation.successorUrl, needed: 'must be an absolute http(s) URL', fix: 'point at the successor version, such as https://api.example.com/api/v2' });
    }
    return [
      { name: 'Deprecation', value: structuredDate(deprecated) },
      { name: 'Sunset', value: httpDate(sunset) },
      { name: 'Link', value: `<${deprecation.successorUrl}>; rel="successor-version"` },
    ];
  }

  private parseDate(prop: string, text: string): Date {
    const match = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2}):(\d{2})Z)?$/.exec(text);
    const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +(match[5] ?? 0), +(match[6] ?? 0), +(match[7] ?? 0))) : undefined;
    if (!match || !date || date.toISOString().slice(0, 10) !== text.slice(0, 10)) {
      return fail(this, { prop, found: text, needed: 'must be a UTC date YYYY-MM-DD or time YYYY-MM-DDTHH:MM:SSZ', fix: 'write it as 2025-12-31' });
    }
    return date;
  }
}
