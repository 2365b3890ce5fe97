import {
  Body1,
  Button,
  Caption1,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  tokens,
} from '@fluentui/react-components';
import type { MessageIndex } from '@pivotal-pm/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, useApi, useMe } from '../data/api';
import { freshOffers, removeOffer, sentCopy, type OfferStore, type SendOffer } from '../host/sendOffers';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalM },
  card: { padding: tokens.spacingHorizontalM, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** How often the Sent folder is looked at again while an offer waits for its email. */
const SENT_POLL_MS = 30_000;

/**
 * The enrollments a rep asked for while writing, offered once their email is sent: the sync's copy in the Sent
 * folder proves it was (an email discarded instead never enrolls anyone). One click enrolls; "Not now" forgets it.
 */
export function SentOffers({ store }: { store: OfferStore }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const allowed = can(me.data, 'sequence.enroll') && can(me.data, 'mail.read');
  const offers = useQuery({
    queryKey: ['sendOffers'],
    queryFn: async () => freshOffers(await store.list(), Date.now()),
    enabled: allowed,
  });
  const waiting = (offers.data ?? []).length > 0;
  const sent = useQuery({
    queryKey: ['sentMail'],
    queryFn: async () => (await api.mail.messages.list({ folder: 'sent', limit: 50 })).data,
    enabled: allowed && waiting,
    refetchInterval: SENT_POLL_MS,
  });
  if (!allowed || !waiting) return null;
  return (
    <section className={styles.list} aria-label="Enrollments after sending">
      {offers.data!.map((offer) => (
        <OfferCard key={offer.id} offer={offer} store={store} sent={sent.data ?? null} />
      ))}
    </section>
  );
}

function OfferCard({ offer, store, sent }: { offer: SendOffer; store: OfferStore; sent: MessageIndex[] | null }) {
  const styles = useStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const copy = sent ? sentCopy(offer, sent) : null;
  const forget = useMutation({
    mutationFn: () => removeOffer(store, offer.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['sendOffers'] }),
  });
  const enroll = useMutation({
    mutationFn: () =>
      api.sequence.enroll({ sequenceId: offer.sequenceId, targets: offer.contacts.map((c) => ({ contactId: c.id })) }),
    onSuccess: async () => {
      await removeOffer(store, offer.id);
      void queryClient.invalidateQueries({ queryKey: ['mailContext'] });
    },
  });
  const names = offer.contacts.map((c) => c.name).join(', ');
  if (enroll.isSuccess) {
    const { enrolled, skipped } = enroll.data;
    return (
      <Card className={styles.card}>
        <Caption1 role="status">
          Enrolled {enrolled.length} in {offer.sequenceName}
          {skipped.length > 0 ? `, ${skipped.length} left out` : ''}.
        </Caption1>
      </Card>
    );
  }
  return (
    <Card className={styles.card} aria-label={`After sending ${offer.subject}`} data-offer={offer.id}>
      <Body1>
        {copy ? 'Sent' : 'Waiting for'} “{offer.subject || '(no subject)'}”: enroll {names} in {offer.sequenceName}?
      </Body1>
      <Caption1 className={styles.muted}>
        {copy
          ? `In your Sent folder since ${new Date(copy.receivedAt).toLocaleString()}.`
          : sent === null
            ? 'Looking in your Sent folder.'
            : 'Not in your Sent folder yet: the enrollment waits for the email.'}
      </Caption1>
      <div className={styles.row}>
        {copy && (
          <Button size="small" appearance="primary" disabled={enroll.isPending} onClick={() => enroll.mutate()}>
            Enroll {offer.contacts.length}
          </Button>
        )}
        <Button size="small" disabled={forget.isPending} onClick={() => forget.mutate()}>
          {copy ? 'Not now' : 'Forget it'}
        </Button>
      </div>
      {enroll.error && (
        <MessageBar intent="error">
          <MessageBarBody>{enroll.error.message}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}
