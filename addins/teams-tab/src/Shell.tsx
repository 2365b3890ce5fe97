import {
  Badge,
  Button,
  Dropdown,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Tab,
  TabList,
  Text,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import {
  BoardRegular,
  CallRegular,
  ChartMultipleRegular,
  DataBarHorizontalRegular,
  SignOutRegular,
} from '@fluentui/react-icons';
import { AnalyticsView } from '../../shared/analytics/AnalyticsView';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { FilterBar } from '../../shared/board/FilterBar';
import { RecordSwitch } from '../../shared/calls/RecordSwitch';
import { SoftphoneDock } from '../../shared/calls/SoftphoneDock';
import { useSoftphone } from '../../shared/calls/SoftphoneProvider';
import { NewDealButton } from '../../shared/board/NewDealDialog';
import { PipelineBoard } from '../../shared/board/PipelineBoard';
import { useMe, usePipelines } from '../../shared/data/api';
import type { BoardFilters } from '../../shared/data/board';
import { useLiveUpdates } from '../../shared/data/live';
import { defaultOwnerOf } from '../../shared/data/permissions';
import { ANY_OWNER, filtersOf, useTabState } from '../../shared/data/urlState';
import { OpportunityDetail } from '../../shared/detail/OpportunityDetail';
import { ForecastView } from '../../shared/forecast/ForecastView';
import type { TeamsHost } from '../../shared/host/types';

/** The power dialer, fetched when opened. */
const PowerDialer = lazy(() => import('../../shared/calls/PowerDialer').then((m) => ({ default: m.PowerDialer })));

const useStyles = makeStyles({
  shell: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    gap: tokens.spacingVerticalM,
  },
  header: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  spacer: { flex: '1 1 auto' },
  toolbar: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  pipeline: { minWidth: '240px' },
  who: { color: tokens.colorNeutralForeground2 },
  content: { display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0, overflow: 'auto' },
});

type ShellProps = { host: TeamsHost; baseUrl: string; onSignOut: (() => void) | undefined };

/** The signed-in tab: pipeline picker, Board / Forecast, filters, the detail panel; all state in the URL. */
export function Shell({ host, baseUrl, onSignOut }: ShellProps) {
  const styles = useStyles();
  const me = useMe();
  const pipelines = usePipelines();
  const [state, update] = useTabState();
  const getToken = useCallback(() => host.getToken(), [host]);
  const live = useLiveUpdates(baseUrl, getToken);
  const softphone = useSoftphone();
  const [dialer, setDialer] = useState(false);
  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === state.pipeline) ?? list[0];
  useEffect(() => {
    if (pipeline && state.pipeline !== pipeline.id) update({ pipeline: pipeline.id });
  }, [pipeline, state.pipeline, update]);
  // A rep's board opens on their own deals (the address names no owner); `owner=all` shows everyone's.
  const defaultOwner = defaultOwnerOf(me.data);
  const onFilters = useCallback(
    (patch: Partial<BoardFilters>) => {
      // The role's default owner stays out of the address, so a plain link opens on each role's own default.
      if ('ownerId' in patch && patch.ownerId === (defaultOwner ?? ANY_OWNER)) patch = { ...patch, ownerId: undefined };
      update(patch);
    },
    [update, defaultOwner],
  );
  const filters = filtersOf(state, defaultOwner);
  // The element that opened the detail (a card, by click or Enter), to give the focus back when the panel closes.
  const opener = useRef<HTMLElement | null>(null);
  const onOpen = useCallback(
    (opp: string) => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      update({ opp });
    },
    [update],
  );
  const onCloseDetail = useCallback(() => {
    const id = state.opp;
    update({ opp: undefined });
    // The panel unmounts at once (the URL closes it), so nothing restores the focus: give it back to the opener, or to
    // the card of that opportunity when the opener was re-rendered (or the panel came from a link).
    requestAnimationFrame(() => {
      const card = id ? document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`) : null;
      const back = opener.current?.isConnected ? opener.current : card;
      opener.current = null;
      back?.focus();
    });
  }, [state.opp, update]);
  if (pipelines.isPending || me.isPending) return <Spinner label="Loading your pipelines" />;
  if (pipelines.isError || me.isError) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>Could not load: {(pipelines.error ?? me.error)?.message}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Dropdown
          className={styles.pipeline}
          aria-label="Pipeline"
          value={pipeline?.name ?? ''}
          selectedOptions={pipeline ? [pipeline.id] : []}
          onOptionSelect={(_, d) => update({ pipeline: d.optionValue, opp: undefined })}
          data-testid="pipeline-picker"
        >
          {list.map((p) => (
            <Option key={p.id} value={p.id}>
              {p.name}
            </Option>
          ))}
        </Dropdown>
        <TabList
          selectedValue={state.view}
          onTabSelect={(_, d) => update({ view: d.value as 'board' | 'forecast' | 'analytics' })}
          aria-label="View"
        >
          <Tab value="board" icon={<BoardRegular />}>
            Board
          </Tab>
          <Tab value="forecast" icon={<DataBarHorizontalRegular />}>
            Forecast
          </Tab>
          <Tab value="analytics" icon={<ChartMultipleRegular />}>
            Analytics
          </Tab>
        </TabList>
        <span className={styles.spacer} />
        {softphone && (
          <>
            <RecordSwitch />
            <ToggleButton icon={<CallRegular />} checked={dialer} onClick={() => setDialer(!dialer)}>
              Power dialer
            </ToggleButton>
          </>
        )}
        <Badge appearance="outline" color={live === 'live' ? 'success' : 'informative'} data-testid="live-state">
          {live === 'live' ? 'Live' : live === 'offline' ? 'Offline' : 'Connecting'}
        </Badge>
        <Text className={styles.who}>
          {me.data.user?.displayName ?? host.userHint} · {me.data.tenant.name}
        </Text>
        {onSignOut && (
          <Button appearance="subtle" icon={<SignOutRegular />} onClick={onSignOut}>
            Switch user
          </Button>
        )}
      </header>
      {dialer && (
        <Suspense fallback={<Spinner size="tiny" label="Loading the power dialer" />}>
          <PowerDialer onStop={() => setDialer(false)} />
        </Suspense>
      )}
      {!pipeline && (
        <MessageBar>
          <MessageBarBody>No pipeline is visible to you.</MessageBarBody>
        </MessageBar>
      )}
      {pipeline && state.view === 'board' && (
        <>
          <div className={styles.toolbar}>
            <FilterBar filters={filters} defaultOwner={defaultOwner} onChange={onFilters} />
            <NewDealButton pipeline={pipeline} onCreated={onOpen} />
          </div>
          <main className={styles.content}>
            <PipelineBoard pipeline={pipeline} filters={filters} onOpen={onOpen} />
          </main>
        </>
      )}
      {pipeline && state.view === 'forecast' && (
        <main className={styles.content}>
          <ForecastView
            pipeline={pipeline}
            period={state.period ?? 'quarter'}
            groupBy={state.groupBy ?? 'stage'}
            onChange={update}
          />
        </main>
      )}
      {pipeline && state.view === 'analytics' && (
        <main className={styles.content}>
          <AnalyticsView pipeline={pipeline} period={state.range ?? '90d'} onPeriod={(range) => update({ range })} />
        </main>
      )}
      {state.opp ? (
        <OpportunityDetail id={state.opp} onClose={onCloseDetail} />
      ) : (
        <SoftphoneDock placement="floating" />
      )}
    </div>
  );
}
