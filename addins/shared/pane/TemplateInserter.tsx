import { Body1Strong, Button, Caption1, Dropdown, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { can, useApi, useMe } from '../data/api';
import { contextInput, type MailItem } from '../host/mailbox';

const useStyles = makeStyles({ panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } });

/**
 * While composing: inserts one of the agency's templates at the cursor with its merge tags filled for the first
 * recipient who is a contact (`template.render`), and sets the subject when the email has none.
 */
export function TemplateInserter({
  item,
  insert,
}: {
  item: MailItem;
  insert: (html: string, subject: string) => Promise<void>;
}) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const allowed = can(me.data, 'mail.send');
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: async () => (await api.template.list({ limit: 100 })).data,
    enabled: allowed,
    staleTime: 60_000,
  });
  const apply = useMutation({
    mutationFn: async () => {
      const rendered = await api.template.render({ templateId: templateId!, to: contextInput(item).to });
      await insert(rendered.bodyHtml, rendered.subject);
    },
  });
  if (!allowed) return null;
  return (
    <section className={styles.panel} aria-label="Insert a template">
      <Body1Strong>Insert a template</Body1Strong>
      <Dropdown
        aria-label="Template"
        placeholder="Choose a template"
        selectedOptions={templateId ? [templateId] : []}
        value={templates.data?.find((x) => x.id === templateId)?.name ?? ''}
        onOptionSelect={(_, d) => setTemplateId(d.optionValue ?? null)}
      >
        {(templates.data ?? []).map((x) => (
          <Option key={x.id} value={x.id}>
            {x.name}
          </Option>
        ))}
      </Dropdown>
      <Button size="small" disabled={!templateId || apply.isPending} onClick={() => apply.mutate()}>
        Insert, filled for the recipients
      </Button>
      {apply.isSuccess && <Caption1 role="status">Inserted.</Caption1>}
      {apply.error && <Caption1 role="alert">{apply.error.message}</Caption1>}
    </section>
  );
}
