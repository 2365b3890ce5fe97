import { Body1, Dropdown, Field, makeStyles, Option, Subtitle2, tokens } from '@fluentui/react-components';
import { usePipelines } from '../../shared/data/api';
import type { TeamsHost } from '../../shared/host/types';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL },
});

/**
 * The configuration page of a channel or chat tab: the tab shows one pipeline's board to everyone in the channel,
 * each seeing what their role lets them see. Choosing a pipeline offers the tab to Teams, whose Save button stores it.
 */
export function TabConfig({ host, baseUrl }: { host: TeamsHost; baseUrl: string }) {
  const styles = useStyles();
  const pipelines = usePipelines();
  return (
    <div className={styles.page}>
      <Subtitle2>Pin a pipeline to this channel</Subtitle2>
      <Body1>The tab shows the board of one pipeline. Each member sees what their role in Pivotal lets them see.</Body1>
      <Field label="Pipeline">
        <Dropdown
          placeholder={pipelines.isPending ? 'Loading pipelines' : 'Choose a pipeline'}
          onOptionSelect={(_, d) => {
            const pipeline = pipelines.data?.find((p) => p.id === d.optionValue);
            if (!pipeline) return host.configureTab?.(null);
            const url = `${baseUrl}/app/teams/?pipeline=${pipeline.id}`;
            host.configureTab?.({
              entityId: `pipeline:${pipeline.id}`,
              contentUrl: url,
              websiteUrl: url,
              suggestedDisplayName: pipeline.name.slice(0, 128),
            });
          }}
        >
          {(pipelines.data ?? []).map((p) => (
            <Option key={p.id} value={p.id}>
              {p.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </div>
  );
}
