import { pino, type Logger, type LoggerOptions } from 'pino';

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// International numbers (+ and 7 to 15 digits, with common separators) or NANP-style 555-123-4567; never
// a run inside an id or timestamp (the look-arounds refuse neighbouring letters, digits and dashes).
const PHONE = /(?<![\w+-])(\+\d[\d\s().-]{5,}\d|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?![\w-])/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

/** Masks email addresses (keeps first letter and domain), phone numbers and bearer tokens in a string. */
export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1[redacted]')
    .replace(EMAIL, '$1***@$2')
    .replace(PHONE, (m) => `***${m.replace(/\D/g, '').slice(-2)}`);
}

/** Deep-copies a value with every string passed through `redactText` (for log lines and audit rows). */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  // An error's name, message and stack are not enumerable: copy them, or the log line says `err: {}`.
  if (value instanceof Error) {
    const { name, message, stack } = value;
    return redactDeep({ ...value, type: name, message, stack }, depth);
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redactDeep(v, depth + 1);
  }
  return out;
}

const SECRET_KEYS =
  /^(authorization|token|accessToken|refreshToken|idToken|secret|password|apiKey|encryptedTokens|keyHash|privateJwk)$/i;

/** Paths pino removes outright (headers and token-bearing fields). */
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.password',
];

/** The process logger: JSON lines, secrets removed, emails and phone numbers masked. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  return pino({
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    formatters: {
      log: (obj) => redactDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as typeof args;
        method.apply(this, redacted);
      },
    },
    ...options,
  });
}
