import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TabSettings, TeamsHost } from '../../shared/host/types';
import { App } from '../../teams-tab/src/App';
import { fakeApi, opp, pipeline } from './fakeApi';

describe('Teams channel tab configuration', () => {
  it('offers Teams a tab bound to the chosen pipeline, and shows the configuration page instead of the board', async () => {
    const offered: (TabSettings | null)[] = [];
    const host: TeamsHost = {
      kind: 'teams',
      theme: 'light',
      userHint: 'rep@acme.test',
      onThemeChange: () => () => undefined,
      getToken: async () => 'sso-token',
      configureTab: (tab) => void offered.push(tab),
    };
    const api = fakeApi([opp({ name: 'Hidden on the config page' })]);
    render(<App host={host} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    fireEvent.click(await screen.findByRole('combobox'));
    fireEvent.click(await screen.findByRole('option', { name: pipeline.name }));
    await waitFor(() => expect(offered).toHaveLength(1));
    expect(offered[0]).toEqual({
      entityId: `pipeline:${pipeline.id}`,
      contentUrl: `http://pivotal.test/app/teams/?pipeline=${pipeline.id}`,
      websiteUrl: `http://pivotal.test/app/teams/?pipeline=${pipeline.id}`,
      suggestedDisplayName: pipeline.name,
    });
    expect(screen.queryByText('Hidden on the config page')).toBeNull();
  });
});
