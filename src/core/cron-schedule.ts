const CRON_FIELDS: Array<[string, number, number]> = [['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7]];

/**
 * What is wrong with a five-field cron schedule, or undefined when it is valid. Numbers,
 * `*`, ranges, lists and steps; no names or macros, so a reviewer reads one notation.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return `found ${fields.length} fields`;
  for (let i = 0; i < 5; i++) {
    const [label, min, max] = CRON_FIELDS[i];
    for (const part of fields[i].split(',')) {
      const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!match) return `${label} '${part}' is not a number, range, * or step`;
      const [, , from, to, step] = match;
      for (const value of [from, to]) {
        if (value !== undefined && (Number(value) < min || Number(value) > max)) return `${label} ${value} is outside ${min}-${max}`;
      }
      if (from !== undefined && to !== undefined && Number(from) > Number(to)) return `${label} range ${from}-${to} runs backwards`;
      if (step !== undefined && Number(step) < 1) return `${label} step must be at least 1`;
    }
  }
  return undefined;
}
