export { type AcsEvent, type SignalContext, acsEventsToSignals } from './signals';
export {
  AcsCallbackRejected,
  type AcsCallbackVerifier,
  type AcsCallbackVerifierOptions,
  createAcsCallbackVerifier,
} from './verifier';
