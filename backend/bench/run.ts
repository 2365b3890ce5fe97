/**
 * `npm run bench [-- suite ...]`: runs every benchmark suite in order, or only the named ones
 * (also `BENCH_ONLY=a,b`). Each suite prints its figures and writes `bench/results/<suite>-*.json`.
 * Add a suite by exporting `run()` from `suites/<name>.ts` and listing it below.
 */
const suites: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  foundation: () => import('./suites/foundation'),
  analytics: () => import('./suites/analytics'),
  'mail-search': () => import('./suites/mailSearch'),
  'sequence-simulate': () => import('./suites/sequenceSimulate'),
  sequences: () => import('./suites/sequences'),
  'teams-tab': () => import('./suites/teamsTab'),
  'outlook-pane': () => import('./suites/outlookPane'),
  'mail-send': () => import('./suites/mailSend'),
  'mail-sync': () => import('./suites/mailSync'),
  cadences: () => import('./suites/cadences'),
  sla: () => import('./suites/sla'),
  calls: () => import('./suites/calls'),
};

async function main(): Promise<void> {
  const asked = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? '').split(',')]
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((name) => !(name in suites));
  if (unknown.length > 0)
    throw new Error(`unknown bench suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  for (const name of asked.length > 0 ? asked : Object.keys(suites)) {
    process.stdout.write(`\n== bench suite: ${name}\n`);
    await (await suites[name]!()).run();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
