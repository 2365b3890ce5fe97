export { type AcsProviderOptions, createAcsProvider, recordingDeleteUrl } from './provider';
export { toTelephonyError } from './errors';
