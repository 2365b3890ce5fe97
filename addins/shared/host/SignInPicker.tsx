import {
  Button,
  Caption1,
  Card,
  CardHeader,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';

/** The seeded demo users (`npm start` loads them), one per role, in both agencies. */
export const seededUsers = [
  ['rep', 'Remy Rep', 'Sales rep'],
  ['rep2', 'Rita Rep', 'Sales rep'],
  ['manager', 'Mara Manager', 'Sales manager'],
  ['admin', 'Ada Admin', 'Admin'],
  ['marketer', 'Milo Marketer', 'Marketer'],
  ['qa', 'Quinn QA', 'QA'],
  ['analyst', 'Ana Analyst', 'Analyst'],
  ['viewer', 'Vic Viewer', 'Client viewer (Northwind)'],
  ['approver', 'Abe Approver', 'Client approver (Northwind)'],
] as const;

const useStyles = makeStyles({
  page: {
    display: 'grid',
    placeItems: 'center',
    minHeight: '100vh',
    padding: tokens.spacingHorizontalXL,
    boxSizing: 'border-box',
  },
  card: { width: '420px', maxWidth: '100%', padding: tokens.spacingHorizontalXL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  users: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  user: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    textAlign: 'start',
    fontWeight: tokens.fontWeightRegular,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Standalone sign-in (a plain browser, dev issuer): pick a seeded user of a demo agency. */
export function SignInPicker({ onSignIn }: { onSignIn(tenant: string, email: string): Promise<void> }) {
  const styles = useStyles();
  const [tenant, setTenant] = useState<'acme' | 'globex'>('acme');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const pick = async (local: string) => {
    const email = `${local}@${tenant}.test`;
    setBusy(email);
    setError(null);
    try {
      await onSignIn(tenant, email);
    } catch (e) {
      setError((e as Error).message);
      setBusy(null);
    }
  };
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <CardHeader
          header={<Title2 as="h1">Pivotal pipeline</Title2>}
          description={<Text className={styles.muted}>Not inside Teams: sign in as a demo user.</Text>}
        />
        <div className={styles.form}>
          <Field label="Agency">
            <Dropdown
              value={tenant === 'acme' ? 'Acme Agency' : 'Globex Partners'}
              selectedOptions={[tenant]}
              onOptionSelect={(_, d) => setTenant(d.optionValue as 'acme' | 'globex')}
            >
              <Option value="acme">Acme Agency</Option>
              <Option value="globex">Globex Partners</Option>
            </Dropdown>
          </Field>
          <div className={styles.users} role="group" aria-label="Sign in as">
            {seededUsers.map(([local, name, role]) => (
              <Button
                key={local}
                className={styles.user}
                appearance="subtle"
                disabled={busy !== null}
                data-testid={`signin-${local}`}
                onClick={() => void pick(local)}
              >
                <Text weight="semibold">{name}</Text>
                <Caption1 className={styles.muted}>
                  {role} · {local}@{tenant}.test
                </Caption1>
              </Button>
            ))}
          </div>
          {error && (
            <MessageBar intent="error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      </Card>
    </main>
  );
}
