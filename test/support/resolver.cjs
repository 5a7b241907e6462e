// Jest resolver. The Kubernetes model packages, and is-cidr which their validator uses, are
// ESM-only: they publish only an `import` export condition. Resolve those packages with it
// (@swc/jest then compiles their files to CommonJS, see transformIgnorePatterns in
// .projenrc.ts); every other package resolves as jest normally does.
const MODEL_PACKAGE = /^(kubernetes-models|@kubernetes-models\/[^/]+|is-cidr|cidr-regex)(\/|$)/;

module.exports = (request, options) => {
  if (MODEL_PACKAGE.test(request)) {
    return options.defaultResolver(request, { ...options, conditions: ['import', 'node', 'default'] });
  }
  return options.defaultResolver(request, options);
};
