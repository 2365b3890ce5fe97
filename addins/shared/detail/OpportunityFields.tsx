import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { PivotalError, type Opportunity } from '@pivotal-pm/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../data/api';
import { patchBoards } from '../data/board';
import { formatDate, formatMoney, isOverdue, todayOf } from '../data/format';
import { stageLabel } from '../data/moves';
import { PhoneLink } from '../calls/PhoneLink';

const useStyles = makeStyles({
  fields: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingVerticalS, margin: 0 },
  wide: { gridColumn: '1 / -1' },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

type Draft = { name: string; amount: string; closeDate: string; probability: string; tags: string };
const draftOf = (o: Opportunity): Draft => ({
  name: o.name,
  amount: o.amount,
  closeDate: o.closeDate ?? '',
  probability: String(Math.round(o.probability * 100)),
  tags: o.tags.join(', '),
});

/** The close date, flagged when an open deal's has passed. */
function CloseDate({ opp }: { opp: Opportunity }) {
  if (!opp.closeDate) return <>No close date</>;
  return (
    <>
      {formatDate(opp.closeDate)}
      {isOverdue(opp, todayOf()) && (
        <Badge appearance="filled" color="danger" size="small" data-testid="detail-overdue">
          Overdue
        </Badge>
      )}
    </>
  );
}

/** One read-only field: a label and its value as text (nothing that looks editable). */
function Item({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={wide ? styles.wide : undefined}>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{children}</dd>
    </div>
  );
}

/** The primary contact as the detail shows it: name and, when known, phone (a click-to-call link). */
export type PrimaryContact = { id: string; name: string; phone: string | null };

type FieldsProps = {
  opp: Opportunity;
  editable: boolean;
  accountName: string;
  contact: PrimaryContact | null;
  /** The account's switchboard, when it has one. */
  accountPhone: string | null;
};

/** The deal's fields: as text when the caller may not change it (see `mayChange`), else a form with Save. */
export function OpportunityFields({ opp, editable, accountName, contact, accountPhone }: FieldsProps) {
  const styles = useStyles();
  const company = (
    <>
      <Item label="Company">{accountName}</Item>
      {accountPhone && (
        <Item label="Company phone">
          <PhoneLink phone={accountPhone} opportunityId={opp.id} name={accountName} />
        </Item>
      )}
      <Item label="Primary contact">{contact?.name ?? 'None'}</Item>
      {contact?.phone && (
        <Item label="Phone">
          <PhoneLink phone={contact.phone} contactId={contact.id} opportunityId={opp.id} name={contact.name} />
        </Item>
      )}
    </>
  );
  if (!editable) {
    return (
      <section aria-label="Opportunity fields">
        <dl className={styles.fields}>
          <Item label="Name" wide>
            {opp.name}
          </Item>
          {company}
          <Item label="Amount">{formatMoney(opp.amount, opp.currency)}</Item>
          <Item label="Close date">
            <CloseDate opp={opp} />
          </Item>
          <Item label="Probability">{Math.round(opp.probability * 100)}%</Item>
          <Item label="Stage">{`${stageLabel(opp.stage)} (${opp.status})`}</Item>
          <Item label="Tags" wide>
            {opp.tags.length > 0 ? opp.tags.join(', ') : 'None'}
          </Item>
        </dl>
      </section>
    );
  }
  return <FieldsForm opp={opp} company={company} />;
}

function FieldsForm({ opp, company }: { opp: Opportunity; company: ReactNode }) {
  const styles = useStyles();
  const api = useApi();
  const qc = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(opp));
  useEffect(() => setDraft(draftOf(opp)), [opp]);
  const save = useMutation({
    mutationFn: () =>
      api.opportunity.update({
        id: opp.id,
        expectedVersion: opp.version,
        name: draft.name.trim(),
        amount: draft.amount,
        closeDate: draft.closeDate || null,
        probability: Number(draft.probability) / 100,
        tags: draft.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      }),
    onSuccess: (saved) => {
      qc.setQueryData(['opportunity', opp.id], saved);
      patchBoards(qc, saved);
      void qc.invalidateQueries({ queryKey: ['forecast'] });
    },
  });
  const set = (k: keyof Draft) => (_: unknown, d: { value: string }) => setDraft({ ...draft, [k]: d.value });
  const overdue = isOverdue({ status: opp.status, closeDate: draft.closeDate || null }, todayOf());
  return (
    <form
      className={styles.fields}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label="Opportunity fields"
    >
      <Field className={styles.wide} label="Name">
        <Input value={draft.name} onChange={set('name')} />
      </Field>
      <dl className={mergeClasses(styles.wide, styles.fields)}>
        {company}
        <Item label="Stage">{`${stageLabel(opp.stage)} (${opp.status})`}</Item>
      </dl>
      <Field label={`Amount (${opp.currency})`} hint={formatMoney(draft.amount || '0', opp.currency)}>
        <Input value={draft.amount} onChange={set('amount')} inputMode="decimal" />
      </Field>
      <Field
        label="Close date"
        {...(overdue
          ? { validationState: 'warning' as const, validationMessage: 'Overdue: the close date has passed' }
          : {})}
      >
        <Input type="date" value={draft.closeDate} onChange={set('closeDate')} />
      </Field>
      <Field label="Probability (%)">
        <Input type="number" min={0} max={100} value={draft.probability} onChange={set('probability')} />
      </Field>
      <Field className={styles.wide} label="Tags">
        <Input value={draft.tags} onChange={set('tags')} />
      </Field>
      {save.isError && (
        <MessageBar className={styles.wide} intent="error">
          <MessageBarBody>
            Not saved: {save.error instanceof PivotalError ? save.error.message : 'the server could not be reached'}
          </MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button type="submit" appearance="primary" disabled={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}
