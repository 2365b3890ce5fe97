/** The pure lead-cadence scheduling core: due times, completion, push presets, rollover and promotion locks. */
export * from './types';
export * from './localTime';
export * from './nextAction';
export * from './lock';
export * from './complete';
export * from './push';
export * from './rollover';
export * from './promotion';
