import { parseArgs } from 'node:util';
import { loadConfig } from '#config';
import { bootDatabase } from './boot';
import { seedDemo } from '#db/seeds/demo';
import { createTenant } from '#db/seeds/tenants';
import { mintDevToken } from '#http/platformRoutes';
import { buildServices } from '#services';
import { resealSigningKeys } from '#auth/signingKeys';
import { rotateKeys, rotateSigningKeys } from '#security/rotateKeys';

const usage = `pivotal <command>

  migrate                              run migrations, ensure the app role and signing keys
  seed --demo                          load the demo data (tenants acme and globex) when absent
  tenant create --slug <s> --name <n> [--entra-tid <guid>] [--admin <email>] [--currency EUR]
  token --user <email> [--tenant <slug>] [--ttl 1h]
                                       print a dev-issuer bearer token for that user (last line)
  key rotate [--tenant <slug>]         new data key per tenant (old blobs stay readable), rewrap every data
                                       key and reseal the token-signing keys under the current PIVOTAL_MASTER_KEY
  key rotate --signing                 new token-signing keys (embed, dev); tokens of the old ones verify for
                                       24 h more. Restart the API processes so that they sign with the new keys

Uses the same environment as npm start (PIVOTAL_DATA_DIR or DATABASE_URL), server running or not.`;

/** Parses `90s`, `15m`, `1h`, `2d` into seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`Bad --ttl ${text}: use e.g. 30m, 1h, 1d`);
  const n = Number(m[1]);
  return n * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const)[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      slug: { type: 'string' },
      name: { type: 'string' },
      'entra-tid': { type: 'string' },
      admin: { type: 'string' },
      currency: { type: 'string' },
      user: { type: 'string' },
      tenant: { type: 'string' },
      ttl: { type: 'string' },
      signing: { type: 'boolean' },
    },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const boot = await bootDatabase(config, (m) => console.error(m));
  try {
    if (command === 'migrate') {
      console.log('migrations applied; app role and signing keys in place');
    } else if (command === 'seed') {
      if (!values.demo) throw new Error('seed needs --demo');
      const made = await seedDemo(boot.ownerKnex);
      console.log(made ? 'demo data loaded' : 'demo data already present');
    } else if (command === 'tenant' && positionals[0] === 'create') {
      if (!values.slug || !values.name) throw new Error('tenant create needs --slug and --name');
      const t = await createTenant(boot.ownerKnex, {
        slug: values.slug,
        name: values.name,
        entraTenantId: values['entra-tid'],
        adminEmail: values.admin,
        ...(values.currency ? { defaultCurrency: values.currency } : {}),
      });
      console.log(`tenant ${t.slug} created: ${t.id}`);
    } else if (command === 'token') {
      if (!values.user) throw new Error('token needs --user <email>');
      const tenant = values.tenant ?? values.user.split('@')[1]?.split('.')[0];
      if (!tenant) throw new Error('Pass --tenant <slug>');
      const services = await buildServices(config, boot.appKnex);
      const { token, expiresAt } = await mintDevToken(
        { knex: boot.appKnex, services },
        tenant,
        values.user,
        parseTtl(values.ttl ?? '1h'),
      );
      console.error(`token for ${values.user} (${tenant}), expires ${expiresAt.toISOString()}:`);
      console.log(token);
    } else if (command === 'key' && positionals[0] === 'rotate' && values.signing) {
      if (values.tenant) throw new Error('Signing keys belong to no tenant: key rotate --signing takes no --tenant');
      for (const r of await rotateSigningKeys(boot.ownerKnex)) {
        console.log(
          `${r.purpose}: new signing key ${r.kid}; retired ${r.retired.join(', ') || 'none'}; deleted ${r.deleted.length} expired key(s)`,
        );
      }
    } else if (command === 'key' && positionals[0] === 'rotate') {
      const rotated = await rotateKeys(boot.ownerKnex, values.tenant);
      for (const r of rotated)
        console.log(`${r.slug}: new data key ${r.dataKeyId}, ${r.rewrapped} data key(s) rewrapped`);
      console.log(`${await resealSigningKeys(boot.ownerKnex)} signing key(s) resealed under the current master key`);
    } else {
      throw new Error(`Unknown command ${command}\n\n${usage}`);
    }
  } finally {
    await boot.close();
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
