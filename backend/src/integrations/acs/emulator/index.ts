export { type AcsControl, type CallView, type FaultSpec, createAcsControl } from './control';
export { ACS_CALLBACK_ISSUER, CALLBACK_TOKEN_LIFETIME_S } from './keys';
export { RECORDING_HOST } from './recordings';
export { type AcsEmulator, type AcsEmulatorOptions, startAcsEmulator } from './server';
export { TOKEN_MINUTES } from './identity';
export { DEFAULT_BEHAVIOUR, type NumberBehaviour, type SentCallback } from './types';
export { type CallbackReceiver, type ReceivedCallback, startCallbackReceiver } from './receiver';
