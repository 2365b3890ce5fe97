import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy* and waitFor give up after 1 s by default. The App tests render the whole tab (Fluent, the query cache,
// several SDK round trips through the fake API): on a loaded 2-core machine that alone can take longer, and
// the tests then failed at random. They wait on real conditions, so a longer ceiling only costs time on failure.
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no layout: a ResizeObserver that never reports keeps the virtualiser on its initial size.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
window.matchMedia ??= ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
})) as unknown as typeof window.matchMedia;
// The virtualiser sizes its window from clientWidth/clientHeight, which jsdom leaves at 0.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 300 });
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
