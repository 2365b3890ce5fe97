import { Button, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { TransferTarget } from './client/types';
import type { Softphone } from './SoftphoneProvider';

const useStyles = makeStyles({
  col: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** A number (+E.164) or a user's communication identity, as typed. */
export function parseTarget(text: string): TransferTarget | null {
  const t = text.trim().replace(/[\s()-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(t)) return { kind: 'phone', number: t };
  if (/^8:[a-z0-9:_-]+$/i.test(text.trim())) return { kind: 'user', id: text.trim() };
  return null;
}

/** Blind transfer, or warm: call the target first (the customer on hold), then hand the customer over. */
export function TransferPanel({ softphone }: { softphone: Softphone }) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const target = parseTarget(text);
  const consulting = softphone.state.consultCallId !== null;
  if (consulting) {
    return (
      <div className={styles.col} role="group" aria-label="Warm transfer">
        <Caption1 role="status">
          {softphone.state.consultLeg === 'connected'
            ? 'Consulting: the customer is on hold'
            : 'Calling for the consult…'}
        </Caption1>
        <div className={styles.row}>
          <Button appearance="primary" onClick={softphone.completeConsult}>
            Complete transfer
          </Button>
          <Button onClick={softphone.cancelConsult}>Cancel consult</Button>
        </div>
      </div>
    );
  }
  return (
    <div className={styles.col} role="group" aria-label="Transfer">
      <Field
        label="Transfer to"
        hint="A number such as +442071234567, or a user's calling identity (8:acs:…)"
        validationState={text && !target ? 'error' : 'none'}
        validationMessage={text && !target ? 'Not a number or a calling identity' : undefined}
      >
        <Input value={text} onChange={(_, d) => setText(d.value)} />
      </Field>
      <div className={styles.row}>
        <Button disabled={!target} onClick={() => target && softphone.transfer(target)}>
          Transfer now
        </Button>
        <Button disabled={!target} onClick={() => target && softphone.startConsult(target)}>
          Consult first
        </Button>
      </div>
    </div>
  );
}
