import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import type { CallDisposition, CallSession } from '@pivotal-pm/sdk';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../data/api';
import { describeCallError } from './errors';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
});

const outcomes: [CallDisposition, string][] = [
  ['connected', 'Connected'],
  ['no_answer', 'No answer'],
  ['left_vm', 'Left voicemail'],
  ['callback', 'Call back later'],
  ['custom', 'Other'],
];

/** The value of a datetime-local input an hour from now (local time), a sensible first callback time. */
function inAnHour(): string {
  const d = new Date(Date.now() + 60 * 60_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** After every call: its outcome (a callback schedules the call task), notes; sent with `call.disposition`. */
export function DispositionForm({ session, onDone }: { session: CallSession; onDone(): void }) {
  const styles = useStyles();
  const api = useApi();
  const [outcome, setOutcome] = useState<CallDisposition>('connected');
  const [callbackAt, setCallbackAt] = useState(inAnHour);
  const [label, setLabel] = useState('');
  const [notes, setNotes] = useState('');
  const when = callbackAt ? new Date(callbackAt) : null;
  const whenOk = when !== null && !Number.isNaN(when.getTime()) && when.getTime() > Date.now();
  const valid = (outcome !== 'callback' || whenOk) && (outcome !== 'custom' || label.trim() !== '');
  const save = useMutation({
    mutationFn: () =>
      api.call.disposition({
        id: session.id,
        disposition: outcome,
        ...(outcome === 'callback' && when ? { callbackAt: when.toISOString() } : {}),
        ...(outcome === 'custom' ? { customDisposition: label.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      }),
    onSuccess: onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && !save.isPending) save.mutate();
  };
  return (
    <form className={styles.form} aria-label="Call outcome" onSubmit={submit}>
      <Field label="How did the call go?">
        <RadioGroup value={outcome} onChange={(_, d) => setOutcome(d.value as CallDisposition)}>
          {outcomes.map(([value, text]) => (
            <Radio key={value} value={value} label={text} />
          ))}
        </RadioGroup>
      </Field>
      {outcome === 'callback' && (
        <Field
          label="Call back at"
          required
          validationState={whenOk ? 'none' : 'error'}
          validationMessage={whenOk ? undefined : 'Pick a time in the future'}
        >
          <Input type="datetime-local" value={callbackAt} onChange={(_, d) => setCallbackAt(d.value)} />
        </Field>
      )}
      {outcome === 'custom' && (
        <Field label="Outcome" required>
          <Input value={label} maxLength={100} onChange={(_, d) => setLabel(d.value)} />
        </Field>
      )}
      <Field label="Notes">
        <Textarea value={notes} maxLength={10_000} resize="vertical" onChange={(_, d) => setNotes(d.value)} />
      </Field>
      {save.error && (
        <MessageBar intent="error">
          <MessageBarBody>{describeCallError('Could not save the outcome', save.error)}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={!valid || save.isPending}>
          Save outcome
        </Button>
      </div>
    </form>
  );
}
