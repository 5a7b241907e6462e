import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/** The shape every interface of `models.ts` shares. */
export interface TypedModel {
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * Renders a custom resource from its typed model: an interface of `models.ts`, generated from
 * the upstream CRD schema, so a misspelt or mistyped field fails the compile.
 */
export function typedObject<T extends TypedModel>(scope: Construct, id: string, model: T): ApiObject {
  return new ApiObject(scope, id, model as unknown as ApiObjectProps);
}
