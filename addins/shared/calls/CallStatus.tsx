import { Badge, Body1Strong, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { RecordRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { SoftphoneState } from './state';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  who: { flex: '1 1 auto', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' },
  muted: { color: tokens.colorNeutralForeground2 },
  timer: { fontVariantNumeric: 'tabular-nums' },
});

/** What the call is doing, in words. */
export function statusText(s: SoftphoneState): string {
  switch (s.phase) {
    case 'starting':
      return 'Placing the call…';
    case 'waiting':
      return 'Connecting your browser…';
    case 'ending':
      return 'Ending the call…';
    case 'wrapUp':
      return s.endNote ?? 'Call ended';
    case 'idle':
      return 'Ready';
    case 'live':
      if (s.leg === 'onHold') return 'On hold';
      if (s.customer === 'connected') return 'Connected';
      if (s.customer === 'ringing') return 'Ringing…';
      if (s.customer === 'onHold') return 'The other party put you on hold';
      return 'Dialling…';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
/** m:ss (or h:mm:ss) of a number of seconds. */
export function formatDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(sec % 60)}` : `${m}:${pad(sec % 60)}`;
}

function Timer({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const sec = Math.max(0, Math.floor((now - since) / 1000));
  return <span aria-label={`Call time ${formatDuration(sec)}`}>{formatDuration(sec)}</span>;
}

/** Who is called, the state of the call (a live region), its time and whether it is being recorded. */
export function CallStatus({ state }: { state: SoftphoneState }) {
  const styles = useStyles();
  const who = state.target?.label ?? state.target?.toNumber ?? 'Call';
  return (
    <div className={styles.row}>
      <Body1Strong className={styles.who}>{who}</Body1Strong>
      <Caption1 className={styles.muted} role="status" data-testid="call-status">
        {statusText(state)}
      </Caption1>
      {state.connectedAt !== null && state.phase === 'live' && (
        <Caption1 className={styles.timer} data-testid="call-timer">
          <Timer since={state.connectedAt} />
        </Caption1>
      )}
      {state.recording && (
        <Badge appearance="filled" color="danger" icon={<RecordRegular />} data-testid="recording-indicator">
          Recording
        </Badge>
      )}
    </div>
  );
}
