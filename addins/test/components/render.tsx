import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { PivotalClient } from '@pivotal-pm/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiProvider } from '../../shared/data/api';
import type { FakeApi } from './fakeApi';

/** Renders a component with Fluent, a fresh query cache and the real SDK client over the fake API. */
export function renderWithApi(ui: ReactNode, api: FakeApi) {
  const client = new PivotalClient({ baseUrl: 'http://pivotal.test', token: 't', fetch: api.fetch, maxRetries: 0 });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <FluentProvider theme={teamsLightTheme}>
      <QueryClientProvider client={qc}>
        <ApiProvider client={client}>{ui}</ApiProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
}
