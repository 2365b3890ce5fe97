import {
  Button,
  Card,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { lazy, Suspense } from 'react';
import { RecordSwitch } from './RecordSwitch';
import { useSoftphone } from './SoftphoneProvider';

/** The in-call controls and the outcome form stay out of the first load. */
const CallPanel = lazy(() => import('./CallPanel'));

const useStyles = makeStyles({
  // Never squeezed by a flex parent (the detail panel's body): its controls would be cut off.
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, flexShrink: 0 },
  floating: {
    position: 'fixed',
    right: tokens.spacingHorizontalXL,
    bottom: tokens.spacingVerticalXL,
    width: '340px',
    maxWidth: `calc(100vw - 2 * ${tokens.spacingHorizontalXL})`,
    maxHeight: `calc(100vh - 2 * ${tokens.spacingVerticalXL})`,
    overflowY: 'auto',
    zIndex: 10,
    boxShadow: tokens.shadow28,
  },
});

type Props = {
  /** floating: pinned to the window's corner (the tab); inline: in the flow (the Outlook pane, the detail panel). */
  placement: 'floating' | 'inline';
  /** Show the dock between calls too (the record choice); otherwise only during a call or with an error. */
  showIdle?: boolean;
  className?: string;
};

/** The softphone: the call under way with its controls, then the outcome form; errors in a message bar. */
export function SoftphoneDock({ placement, showIdle = false, className }: Props) {
  const styles = useStyles();
  const softphone = useSoftphone();
  if (!softphone) return null;
  const s = softphone.state;
  if (s.phase === 'idle' && !s.error && !showIdle) return null;
  return (
    <Card
      className={mergeClasses(styles.card, placement === 'floating' && styles.floating, className)}
      role="region"
      aria-label="Softphone"
      data-testid="softphone"
    >
      <Subtitle2 as="h2">{s.phase === 'wrapUp' ? 'Call outcome' : 'Softphone'}</Subtitle2>
      {s.error && (
        <MessageBar intent="error" data-testid="softphone-error">
          <MessageBarBody>{s.error}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label="Dismiss"
                icon={<DismissRegular />}
                onClick={softphone.dismissError}
              />
            }
          />
        </MessageBar>
      )}
      {s.phase === 'idle' && <RecordSwitch />}
      {s.phase !== 'idle' && (
        <Suspense fallback={<Spinner size="tiny" label="Loading the softphone" />}>
          <CallPanel softphone={softphone} />
        </Suspense>
      )}
    </Card>
  );
}
