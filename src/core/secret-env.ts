import { k8s } from 'cdk8s-plus-27';

/** An environment variable read from a key of a Secret: the only way this library passes a secret to a pod. */
export function secretEnvVar(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
