/** A deal's health band (docs/analytics.md), as the API names it. */
export type Health = 'healthy' | 'at_risk' | 'stalled';

/** How the tab shows each band: badge colour and words. */
export const healthLook: Record<Health, { color: 'success' | 'warning' | 'danger'; label: string }> = {
  healthy: { color: 'success', label: 'Healthy' },
  at_risk: { color: 'warning', label: 'At risk' },
  stalled: { color: 'danger', label: 'Stalled' },
};

/** The band of a score under the tenant's thresholds, shown as `healthLook` says. */
export function healthBand(score: number, bands: { atRisk: number; healthy: number }) {
  return healthLook[score >= bands.healthy ? 'healthy' : score >= bands.atRisk ? 'at_risk' : 'stalled'];
}
