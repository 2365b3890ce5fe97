import { CallControls } from './CallControls';
import { CallStatus } from './CallStatus';
import { DispositionForm } from './DispositionForm';
import type { Softphone } from './SoftphoneProvider';

/** The dock's content during and after a call (loaded with the first call: a chunk of its own). */
export default function CallPanel({ softphone }: { softphone: Softphone }) {
  const s = softphone.state;
  return (
    <>
      <CallStatus state={s} />
      {(s.phase === 'starting' || s.phase === 'waiting' || s.phase === 'live' || s.phase === 'ending') && (
        <CallControls softphone={softphone} />
      )}
      {s.phase === 'wrapUp' && s.session && <DispositionForm session={s.session} onDone={softphone.finish} />}
    </>
  );
}
