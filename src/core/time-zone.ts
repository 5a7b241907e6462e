/**
 * IANA time zones as a CronJob's `timeZone` takes them: the names of the time zone database
 * Node.js ships (the same database the kube-controller-manager reads), plus `UTC` and its
 * `Etc/` aliases. A name the database lacks makes the controller skip the CronJob.
 */
let zones: Set<string> | undefined;

function knownZones(): Set<string> {
  if (!zones) {
    zones = new Set(Intl.supportedValuesOf('timeZone'));
    for (const alias of ['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']) zones.add(alias);
  }
  return zones;
}

/** What a time zone must be when the database has no such name. */
export function timeZoneProblem(value: string): string | undefined {
  if (knownZones().has(value)) return undefined;
  // Links the database keeps (US/Eastern) resolve, spelt exactly; Intl also takes other cases,
  // which the controller (Go's time.LoadLocation on a case-sensitive file system) does not.
  try {
    if (new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone === value) return undefined;
  } catch {
    // not a zone at all
  }
  return 'must be an IANA time zone such as Etc/UTC or Europe/Paris, spelt as the database spells it';
}
