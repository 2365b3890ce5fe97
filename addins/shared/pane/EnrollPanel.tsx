import {
  Body1Strong,
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  tokens,
} from '@fluentui/react-components';
import type { MailContextPerson, SimulationResult } from '@pivotal-pm/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can, useApi, useMe } from '../data/api';
import { addOffer, type OfferStore } from '../host/sendOffers';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Why a contact cannot be enrolled, in the rep's words. */
export const exclusionText: Record<string, string> = {
  opted_out: 'opted out of email',
  suppressed: 'on the suppression list',
  no_email: 'has no email address',
  already_enrolled: 'already in this sequence',
  enrolled_elsewhere: 'in another live sequence',
};

type Contact = NonNullable<MailContextPerson['contact']>;
const nameOf = (c: Contact) => [c.firstName, c.lastName].filter(Boolean).join(' ') || (c.email ?? c.id);

/** While composing: the draft an enrollment waits for, and where the offer is kept until it is sent. */
export type AfterSend = {
  /** The draft's subject and recipients (lower case) as they are when the offer is made. */
  draft: () => Promise<{ subject: string; recipients: string[] }>;
  store: OfferStore;
};

/**
 * Enrolls the email's known people in a sequence, after a dry run (`sequence.simulate`) shows when each one's first
 * step would run, or why they would be left out. Only the people the preview keeps are enrolled. While composing
 * (`afterSend`), nothing is enrolled yet: the pane keeps an offer and makes it once the email is in Sent.
 */
export function EnrollPanel({ contacts, afterSend }: { contacts: Contact[]; afterSend?: AfterSend | undefined }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const [sequenceId, setSequenceId] = useState<string | null>(null);
  // Composing: every recipient who is a contact; reading: the first person (the sender).
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set((afterSend ? contacts : contacts.slice(0, 1)).map((c) => c.id)),
  );
  const [preview, setPreview] = useState<SimulationResult | null>(null);
  const allowed = can(me.data, 'sequence.enroll') && can(me.data, 'sequence.read');
  const sequences = useQuery({
    queryKey: ['activeSequences'],
    queryFn: async () => (await api.sequence.list({ active: true, limit: 100 })).data,
    enabled: allowed && contacts.length > 0,
    staleTime: 60_000,
  });
  const simulate = useMutation({
    mutationFn: () => api.sequence.simulate({ sequenceId: sequenceId!, contactIds: [...chosen] }),
    onSuccess: setPreview,
  });
  const excluded = new Map(preview?.excluded.map((e) => [e.contactId, e.reason]) ?? []);
  const keep = [...chosen].filter((id) => !excluded.has(id));
  const enroll = useMutation({
    mutationFn: () =>
      api.sequence.enroll({ sequenceId: sequenceId!, targets: keep.map((contactId) => ({ contactId })) }),
    onSuccess: () => {
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: ['mailContext'] });
    },
  });
  const offer = useMutation({
    mutationFn: async () =>
      addOffer(afterSend!.store, {
        ...(await afterSend!.draft()),
        id: crypto.randomUUID(),
        sequenceId: sequenceId!,
        sequenceName: sequences.data?.find((s) => s.id === sequenceId)?.name ?? '',
        contacts: contacts
          .filter((c) => keep.includes(c.id))
          .map((c) => ({ id: c.id, name: nameOf(c), email: c.email })),
        savedAt: new Date().toISOString(),
      }),
    onSuccess: () => {
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: ['sendOffers'] });
    },
  });
  if (!allowed || contacts.length === 0) return null;
  const firstStep = (contactId: string) => preview?.schedule.find((s) => s.contactId === contactId);
  const error = simulate.error ?? enroll.error ?? offer.error;
  return (
    <section className={styles.panel} aria-label="Enroll in a sequence">
      <Body1Strong>{afterSend ? 'After sending, enroll in a sequence' : 'Enroll in a sequence'}</Body1Strong>
      <Dropdown
        aria-label="Sequence"
        placeholder={sequences.isPending ? 'Loading sequences' : 'Choose a sequence'}
        selectedOptions={sequenceId ? [sequenceId] : []}
        value={sequences.data?.find((s) => s.id === sequenceId)?.name ?? ''}
        onOptionSelect={(_, d) => {
          setSequenceId(d.optionValue ?? null);
          setPreview(null);
        }}
      >
        {(sequences.data ?? []).map((s) => (
          <Option key={s.id} value={s.id}>
            {s.name}
          </Option>
        ))}
      </Dropdown>
      {contacts.map((c) => {
        const step = firstStep(c.id);
        const reason = excluded.get(c.id);
        return (
          <div key={c.id}>
            <Checkbox
              label={nameOf(c)}
              checked={chosen.has(c.id)}
              onChange={(_, d) => {
                const next = new Set(chosen);
                if (d.checked) next.add(c.id);
                else next.delete(c.id);
                setChosen(next);
                setPreview(null);
              }}
            />
            {preview && chosen.has(c.id) && (
              <Caption1 className={styles.muted} data-preview={c.id}>
                {reason
                  ? `Left out: ${exclusionText[reason] ?? reason}`
                  : step
                    ? `First step (${step.type}) ${new Date(step.at).toLocaleString()}`
                    : 'Nothing to run'}
              </Caption1>
            )}
          </div>
        );
      })}
      {preview === null ? (
        <Button
          size="small"
          disabled={!sequenceId || chosen.size === 0 || simulate.isPending}
          onClick={() => simulate.mutate()}
        >
          Preview the schedule
        </Button>
      ) : afterSend ? (
        <Button
          size="small"
          appearance="primary"
          disabled={keep.length === 0 || offer.isPending}
          onClick={() => offer.mutate()}
        >
          {keep.length === 0 ? 'Nobody to enroll' : `Offer to enroll ${keep.length} after I send`}
        </Button>
      ) : (
        <Button
          size="small"
          appearance="primary"
          disabled={keep.length === 0 || enroll.isPending}
          onClick={() => enroll.mutate()}
        >
          {keep.length === 0 ? 'Nobody to enroll' : `Enroll ${keep.length}`}
        </Button>
      )}
      {offer.isSuccess && (
        <Caption1 role="status">Once this email is in your Sent folder, Pivotal offers the enrollment here.</Caption1>
      )}
      {enroll.isSuccess && (
        <Caption1 role="status">
          Enrolled {enroll.data.enrolled.length}
          {enroll.data.skipped.length > 0 ? `, ${enroll.data.skipped.length} left out` : ''}.
        </Caption1>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
