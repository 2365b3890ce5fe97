import { describe, expect, it } from 'vitest';
import { deepLinkSearch } from '../../teams-tab/src/teamsHost';

describe("the tab's deep links (the bot's Open in Pivotal)", () => {
  const id = '01a24eed-1b70-7558-b3b4-0ac1cd5637fc';

  it('opens the opportunity a subEntityId names, keeping the rest of the query', () => {
    expect(deepLinkSearch('?view=board&theme=dark', `opp:${id}`)).toBe(`?view=board&theme=dark&opp=${id}`);
  });

  it('ignores a missing or foreign subEntityId', () => {
    expect(deepLinkSearch('?view=board', undefined)).toBeNull();
    expect(deepLinkSearch('?view=board', 'pipeline:abc')).toBeNull();
    expect(deepLinkSearch('', 'opp:<script>')).toBeNull();
  });
});
