/**
 * CRD patterns are Go regular expressions (RE2). The one construct they use that JavaScript
 * lacks is the inline case-insensitive flag `(?i)` (Prometheus Operator's `^(?i)(abort|warn)?$`):
 * dropped from the pattern and applied as the `i` flag. A CommonJS file of its own, so the
 * standalone validators test/support/schema.ts caches can require it.
 */
function goRegExp(pattern, flags) {
  return pattern.includes('(?i)') ? new RegExp(pattern.split('(?i)').join(''), `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = `require(${JSON.stringify(__filename)}).goRegExp`;
module.exports = { goRegExp };
