import { describe, expect, it } from 'vitest';
import { healthBand } from '../../shared/data/health';
import { DEFAULT_HEALTH_BANDS } from '../../shared/data/api';

describe('health cue bands', () => {
  it("colours a score by the tenant's bands, the defaults until they arrive", () => {
    expect([70, 69, 40, 39].map((s) => healthBand(s, DEFAULT_HEALTH_BANDS).label)).toEqual([
      'Healthy',
      'At risk',
      'At risk',
      'Stalled',
    ]);
    const strict = { atRisk: 60, healthy: 85 };
    expect([85, 84, 60, 59].map((s) => healthBand(s, strict).color)).toEqual([
      'success',
      'warning',
      'warning',
      'danger',
    ]);
  });
});
