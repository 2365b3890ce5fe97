/** Tenant feature flags that gate whole areas of the product (spec: Feature Flags). */
export const featureFlags = ['pipeline', 'inbox_o365', 'webrtc_calls', 'sequences', 'ai_assist'] as const;

/** One of the tenant feature flags. */
export type FeatureFlag = (typeof featureFlags)[number];
