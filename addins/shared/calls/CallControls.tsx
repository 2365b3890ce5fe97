import { Button, makeStyles, ToggleButton, tokens } from '@fluentui/react-components';
import {
  CallEndRegular,
  CallTransferRegular,
  DialpadRegular,
  MicOffRegular,
  MicRegular,
  PauseRegular,
  PlayRegular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { DialPad } from './DialPad';
import type { Softphone } from './SoftphoneProvider';
import { TransferPanel } from './TransferPanel';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  hangUp: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { backgroundColor: tokens.colorPaletteRedForeground1, color: tokens.colorNeutralForegroundOnBrand },
  },
});

/** Mute, hold, the dial pad, transfer and hang-up of the call under way. */
export function CallControls({ softphone }: { softphone: Softphone }) {
  const styles = useStyles();
  const [open, setOpen] = useState<'pad' | 'transfer' | null>(null);
  const s = softphone.state;
  const live = s.phase === 'live' && s.callId !== null;
  const held = s.leg === 'onHold';
  return (
    <>
      <div className={styles.row} role="toolbar" aria-label="Call controls">
        <ToggleButton
          checked={s.muted}
          disabled={!live}
          icon={s.muted ? <MicOffRegular /> : <MicRegular />}
          onClick={softphone.toggleMute}
        >
          {s.muted ? 'Unmute' : 'Mute'}
        </ToggleButton>
        <ToggleButton
          checked={held}
          disabled={!live || s.consultCallId !== null}
          icon={held ? <PlayRegular /> : <PauseRegular />}
          onClick={softphone.toggleHold}
        >
          {held ? 'Resume' : 'Hold'}
        </ToggleButton>
        <ToggleButton
          checked={open === 'pad'}
          disabled={!live}
          icon={<DialpadRegular />}
          onClick={() => setOpen(open === 'pad' ? null : 'pad')}
        >
          Keypad
        </ToggleButton>
        <ToggleButton
          checked={open === 'transfer' || s.consultCallId !== null}
          disabled={!live}
          icon={<CallTransferRegular />}
          onClick={() => setOpen(open === 'transfer' ? null : 'transfer')}
        >
          Transfer
        </ToggleButton>
        <Button
          className={styles.hangUp}
          icon={<CallEndRegular />}
          disabled={s.phase === 'starting' || s.phase === 'ending'}
          onClick={softphone.hangUp}
        >
          Hang up
        </Button>
      </div>
      {live && open === 'pad' && <DialPad onKey={softphone.sendDigit} />}
      {live && (open === 'transfer' || s.consultCallId !== null) && <TransferPanel softphone={softphone} />}
    </>
  );
}
