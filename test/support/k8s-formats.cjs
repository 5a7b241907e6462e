/**
 * The formats of the Kubernetes OpenAPI definitions and CRD schemas, checked as the API server
 * checks them: int32 and int64 ranges, base64 `byte`, RFC 3339 `date-time`, IP addresses. A
 * CommonJS file of its own, so the standalone validators test/support/schema.ts caches can
 * require it.
 */
const formats = {
  'int32': { type: 'number', validate: (v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 },
  'int64': { type: 'number', validate: (v) => Number.isSafeInteger(v) },
  'double': { type: 'number', validate: (v) => Number.isFinite(v) },
  'byte': { type: 'string', validate: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v) },
  'date-time': { type: 'string', validate: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(v) },
  'ipv4': { type: 'string', validate: (v) => /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(v) },
  'ipv6': { type: 'string', validate: (v) => /^[0-9A-Fa-f:.]+$/.test(v) && v.includes(':') },
};
module.exports = { formats, code: `require(${JSON.stringify(__filename)}).formats` };
