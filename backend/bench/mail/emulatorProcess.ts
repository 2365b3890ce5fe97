import { startGraphEmulator } from '#integrations/graph/emulator/index';

/**
 * The Graph emulator in its own process for the mail-sync bench (Graph is remote in production: its CPU must not
 * compete with the sync worker's event loop). Reads `BENCH_EMULATOR_SEED` (JSON: mailboxes with their message
 * counts), seeds them in-process (the control API caps a call at 100,000 messages), then prints one JSON line
 * `{ url, caFile, seeded, seedSeconds }` and serves until killed. Latency and faults go through `/_control`.
 */
type SeedSpec = { mailboxes: { address: string; messages: number; seed: number }[]; days: number };

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_EMULATOR_SEED ?? '{"mailboxes":[],"days":30}') as SeedSpec;
  // One app token serves every mailbox; the bench's page budget is far below these limits.
  const emulator = await startGraphEmulator({ limits: { maxRequests: 10_000_000, maxConcurrent: 16 } });
  const t0 = Date.now();
  let seeded = 0;
  for (const mailbox of spec.mailboxes) {
    emulator.control.seedMailbox({
      address: mailbox.address,
      messages: mailbox.messages,
      days: spec.days,
      seed: mailbox.seed,
    });
    seeded += mailbox.messages;
  }
  process.stdout.write(
    `${JSON.stringify({ url: emulator.url, caFile: emulator.caFile, seeded, seedSeconds: (Date.now() - t0) / 1000 })}\n`,
  );
  const stop = () => void emulator.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
