import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the environment files live: `env/<name>.json`. */
export const ENV_DIR = fileURLToPath(new URL('../env/', import.meta.url));

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

/**
 * The values that differ per deployment. `appId` is the Teams app id (a GUID the admin keeps for the app's
 * life), `entraClientId` the Entra app registration that signs users in (SSO and nested app authentication),
 * `publicUrl` where the API and the front ends are served (https; the host becomes the valid domain).
 */
export const Environment = z
  .object({
    appId: guid,
    entraClientId: guid,
    /** The Microsoft App ID of the Azure Bot registration (the bot's Entra app; BOT_APP_ID on the server). */
    botAppId: guid,
    publicUrl: z
      .url({ protocol: /^https$/, message: 'must be an https URL (Teams and Outlook load nothing else)' })
      .refine((u) => !u.endsWith('/'), 'must not end with /'),
    /** Appended to the app's short name outside production ("Pivotal (dev)"), so testers tell them apart. */
    nameSuffix: z.string().max(12).optional(),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.4.0'),
    production: z.boolean(),
    developer: z.object({
      name: z.string().min(1).max(32),
      websiteUrl: z.url({ protocol: /^https$/ }),
      privacyUrl: z.url({ protocol: /^https$/ }),
      termsOfUseUrl: z.url({ protocol: /^https$/ }),
    }),
  })
  .strict();
export type Environment = z.infer<typeof Environment>;

/** Why an environment could not be used: the message names the file and each bad field. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Reads and checks `env/<name>.json` (or a path). */
export async function loadEnvironment(name: string, dir = ENV_DIR): Promise<Environment> {
  if (!/^[a-z0-9-]+$/i.test(name)) throw new EnvironmentError(`Environment name "${name}": use letters, digits and -`);
  const file = `${dir}${name}.json`;
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new EnvironmentError(`No environment file ${file}: copy env/example.json to env/${name}.json and fill it in`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new EnvironmentError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = Environment.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new EnvironmentError(`${file} is not a valid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
