import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from './logger';

describe('log and audit redaction', () => {
  it('masks emails, phone numbers and bearer tokens', () => {
    expect(redactText('mail ada.lovelace@example.com now')).toBe('mail a***@example.com now');
    expect(redactText('call +44 20 7946 0958 or (555) 123-4567')).not.toMatch(/7946|123-4567/);
    expect(redactText('Authorization: Bearer eyJhbGciOi.abc.def')).toBe('Authorization: Bearer [redacted]');
  });

  it('leaves ids, timestamps, dates and amounts intact', () => {
    const values = ['0192e3a4-86f1-71af-91ab-2d7cd011db47', '2026-11-22T02:07:14.000Z', '2026-11-22', '12500.00', 'v3'];
    for (const v of values) expect(redactText(v)).toBe(v);
  });

  it('drops secret-named fields at any depth', () => {
    expect(redactDeep({ a: { secret: 's3cr3t', token: 't', name: 'x' } })).toEqual({
      a: { secret: '[redacted]', token: '[redacted]', name: 'x' },
    });
  });

  it('keeps what an error says (name, message, stack, code), redacted, instead of an empty object', () => {
    const error = Object.assign(new TypeError('no mail for ada.lovelace@example.com'), { code: '42703' });
    const logged = redactDeep({ err: error }) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({ type: 'TypeError', message: 'no mail for a***@example.com', code: '42703' });
    expect(String(logged.err.stack)).toMatch(/^TypeError: no mail for a\*\*\*@example\.com\n\s+at /);
  });
});
