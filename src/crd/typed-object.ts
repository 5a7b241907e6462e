import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/** The shape every typed model of the `@kubernetes-models/*` packages shares. */
export interface TypedModel {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * Renders a custom resource from its typed model: an interface of a `@kubernetes-models/*`
 * package, imported with `import type`, so the package is needed only at compile time and in
 * the tests that validate the result against the CRD schema.
 */
export function typedObject<T extends TypedModel>(scope: Construct, id: string, model: T): ApiObject {
  return new ApiObject(scope, id, model as unknown as ApiObjectProps);
}
