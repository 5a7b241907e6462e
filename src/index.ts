export * from './policy/rule';
export * from './profile/resource-preset';
export * from './profile/environment-profile';
export * from './workload/image-reference';
export * from './workload/workload-labels';
export * from './workload/pod-blueprint';
export * from './release/gateway-deployment';
