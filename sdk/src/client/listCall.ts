import type { Page } from './types';

/** Fetches the page at `cursor` (undefined: the first page). */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

/**
 * The result of a list operation. `await` it for the first page, `for await` it for every item of every
 * page (following `nextCursor`), or use `toArray()` and `pages()`. Nothing is requested until then.
 */
export class ListCall<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T>;
  readonly #startCursor: string | undefined;
  #first: Promise<Page<T>> | undefined;

  constructor(fetchPage: PageFetcher<T>, startCursor?: string) {
    this.#fetchPage = fetchPage;
    this.#startCursor = startCursor;
  }

  /** The first page (requested once, then shared by `then`, `pages()` and iteration). */
  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#fetchPage(this.#startCursor);
    return this.#first;
  }

  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Handles a failure of the first page, like `Promise.prototype.catch`. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#firstPage().catch(onrejected);
  }

  /** Every page in order, from the first to the one whose `nextCursor` is null. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.#firstPage();
    const seen = new Set<string>();
    for (;;) {
      yield page;
      const next = page.nextCursor;
      if (next === null || next === undefined) return;
      // A server answering the same cursor again would loop forever: stop with a clear error instead.
      if (seen.has(next)) throw new Error(`Pivotal list pagination repeated the cursor ${JSON.stringify(next)}`);
      seen.add(next);
      page = await this.#fetchPage(next);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collects the items of every page; with `limit`, stops (and fetches no further page) once it has that many. */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const { limit } = options;
    const items: T[] = [];
    if (limit !== undefined && limit <= 0) return items;
    for await (const page of this.pages()) {
      for (const item of page.data) {
        items.push(item);
        if (limit !== undefined && items.length >= limit) return items;
      }
    }
    return items;
  }
}
