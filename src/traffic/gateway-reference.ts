/**
 * The Gateway a route attaches to.
 */
export interface GatewayReference {
  /** The Gateway's name. */
  readonly gatewayName: string;
  /**
   * The Gateway's namespace.
   * @default - the route's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Host names the route answers.
   * @default - every host the Gateway accepts
   */
  readonly hostnames?: string[];
}
