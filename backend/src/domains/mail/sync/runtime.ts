import type { GraphMailAdapter } from '#integrations/graph/adapter/index';

/** What the mail workers and the webhook route share in a process: the Graph adapter and public URLs. */
export type MailRuntime = {
  adapter: GraphMailAdapter;
  /** Base URL Graph posts change and lifecycle notifications to (the API's public URL). */
  notificationBaseUrl: string | null;
};

let current: MailRuntime | null = null;

/** Installs the process's mail runtime (the entrypoint builds the adapter from config and MailboxAccess). */
export function setMailRuntime(runtime: MailRuntime | null): void {
  current = runtime;
}

/** The installed mail runtime, or null when mail is not configured in this process. */
export function mailRuntime(): MailRuntime | null {
  return current;
}
