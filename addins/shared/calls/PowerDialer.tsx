import {
  Body1,
  Button,
  Caption1,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { CallRegular, NextRegular, StopRegular } from '@fluentui/react-icons';
import type { DialerNext } from '@pivotal-pm/sdk';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../data/api';
import { describeCallError } from './errors';
import { RecordSwitch } from './RecordSwitch';
import { useSoftphone } from './SoftphoneProvider';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
});

const nameOf = (n: DialerNext) =>
  n.contact ? `${n.contact.firstName} ${n.contact.lastName}`.trim() : (n.task?.title ?? 'Next call');

/**
 * The power dialer: `dialer.queue.next` hands the next call task; the rep calls it, records the outcome, and the
 * next one comes at once. Skip leaves the task open and moves on; Stop closes the dialer.
 */
export function PowerDialer({ onStop }: { onStop(): void }) {
  const styles = useStyles();
  const api = useApi();
  const softphone = useSoftphone();
  const [current, setCurrent] = useState<DialerNext | null>(null);
  const next = useMutation({
    mutationFn: (skipTaskId?: string) => api.dialer.queue.next(skipTaskId ? { skipTaskId } : {}),
    onSuccess: setCurrent,
  });
  const { mutate } = next;
  useEffect(() => mutate(undefined), [mutate]);
  if (!softphone) return null;
  const busy = softphone.state.phase !== 'idle';
  const task = current?.task ?? null;
  const call = () => {
    if (!current || !task || !current.phone) return;
    softphone.dial(
      {
        toNumber: current.phone,
        taskId: task.id,
        ...(current.contact ? { contactId: current.contact.id } : {}),
        ...(current.opportunityId ? { opportunityId: current.opportunityId } : {}),
        label: nameOf(current),
      },
      () => mutate(undefined),
    );
  };
  return (
    <Card className={styles.card} role="region" aria-label="Power dialer" data-testid="power-dialer">
      <div className={styles.row}>
        <Subtitle2 as="h2">Power dialer</Subtitle2>
        {current && task && (
          <Caption1 className={styles.muted}>
            {current.remaining >= 1000 ? '1,000+' : current.remaining} more after this one
          </Caption1>
        )}
      </div>
      {next.error && (
        <MessageBar intent="error">
          <MessageBarBody>{describeCallError('Could not get the next call', next.error)}</MessageBarBody>
        </MessageBar>
      )}
      {next.isPending && <Spinner size="tiny" label="Getting the next call" />}
      {!next.isPending && current && !task && (
        <Body1 role="status" data-testid="dialer-empty">
          Your call queue is empty. Nothing left to call.
        </Body1>
      )}
      {!next.isPending && current && task && (
        <div className={styles.row} data-testid="dialer-current">
          <Body1>
            <strong>{nameOf(current)}</strong> · {current.phone ?? 'no phone number'} · {task.title}
          </Body1>
        </div>
      )}
      <RecordSwitch />
      <div className={styles.row}>
        <Button
          appearance="primary"
          icon={<CallRegular />}
          disabled={busy || next.isPending || !task || !current?.phone}
          onClick={call}
        >
          {current?.phone ? `Call ${current.phone}` : 'Call'}
        </Button>
        <Button icon={<NextRegular />} disabled={busy || next.isPending || !task} onClick={() => mutate(task?.id)}>
          Skip
        </Button>
        <Button icon={<StopRegular />} disabled={busy} onClick={onStop}>
          Stop
        </Button>
      </div>
    </Card>
  );
}
