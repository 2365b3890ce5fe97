import type { OperationSpec } from '../contract/defineOperation';
import { operations as registry, type OperationId } from '../operations/registry';
import { ListCall } from './listCall';
import { Transport } from './transport';
import type { ClientMethods } from './generated/methods';
import type { CallOptions, OperationArgs, OperationResult, PivotalClientOptions } from './types';

/** A method bound to one operation, as it is built at run time. */
type AnyMethod = (input?: unknown, options?: CallOptions) => unknown;

/** One node of the operation-ID trie: an operation (if an ID ends here) and the segments below it. */
type TrieNode = { op?: OperationSpec; children: Map<string, TrieNode> };

/** Names a namespace must never take: they would break `await`, prototypes or the class itself. */
const reserved = new Set(['then', 'catch', 'finally', '__proto__', 'constructor', 'prototype']);

/** The untyped core of the client; use {@link PivotalClient}, whose type adds one method per operation. */
export class PivotalClientBase {
  readonly #transport: Transport;
  readonly #operations: Readonly<Record<string, OperationSpec>>;

  constructor(options: PivotalClientOptions) {
    this.#transport = new Transport(options);
    this.#operations = options.operations ?? registry;
    this.#mount();
  }

  /**
   * Calls any operation by its ID: `client.call('opportunity.moveStage', { id, stage })`.
   * (For the `call` domain, `client.call.start(...)` etc. hang off this same function.)
   */
  call<Id extends OperationId>(id: Id, ...args: OperationArgs<Id>): OperationResult<Id> {
    const op = Object.hasOwn(this.#operations, id) ? this.#operations[id] : undefined;
    if (!op) throw new TypeError(`PivotalClient: unknown operation ${JSON.stringify(id)}`);
    const [input, options] = args;
    return this.#invoke(op, input, options) as OperationResult<Id>;
  }

  #invoke(op: OperationSpec, input: unknown, options: CallOptions | undefined): unknown {
    const transport = this.#transport;
    if (op.list !== true) return transport.request(op, input, options);
    const base = (input ?? {}) as Record<string, unknown>;
    return new ListCall((cursor) =>
      transport.requestPage(op, cursor === undefined ? base : { ...base, cursor }, options),
    );
  }

  /** Builds the nested methods (`this.opportunity.forecast.get`) from the operation IDs. */
  #mount(): void {
    const root: TrieNode = { children: new Map() };
    for (const op of Object.values(this.#operations)) {
      let node = root;
      for (const segment of op.id.split('.')) {
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = { children: new Map() }));
        node = child;
      }
      node.op = op;
    }
    for (const [segment, node] of root.children) {
      if (reserved.has(segment)) continue;
      // A domain named like a member of the client (the `call` domain) hangs off that member.
      const own = Object.hasOwn(PivotalClientBase.prototype, segment)
        ? (this as unknown as Record<string, unknown>)[segment]
        : undefined;
      let target: object;
      if (typeof own === 'function') {
        target = (own as AnyMethod).bind(this);
        this.#attachChildren(target, node);
      } else {
        target = this.#materialize(node);
      }
      Object.defineProperty(this, segment, { value: target, enumerable: true });
    }
  }

  #materialize(node: TrieNode): object {
    const op = node.op;
    const target: object = op
      ? (((input?: unknown, options?: CallOptions) => this.#invoke(op, input, options)) satisfies AnyMethod)
      : {};
    this.#attachChildren(target, node);
    return target;
  }

  #attachChildren(target: object, node: TrieNode): void {
    for (const [segment, child] of node.children) {
      if (reserved.has(segment)) continue;
      Object.defineProperty(target, segment, { value: this.#materialize(child), enumerable: true });
    }
  }
}

/**
 * The Pivotal API client. Every operation of the registry is a typed method:
 * `await client.opportunity.moveStage({ id, stage: 'proposal' })`; list operations give a {@link ListCall}.
 */
export type PivotalClient = PivotalClientBase & ClientMethods;

/** Creates a client: `new PivotalClient({ baseUrl, token })`. */
export const PivotalClient = PivotalClientBase as unknown as new (options: PivotalClientOptions) => PivotalClient;
