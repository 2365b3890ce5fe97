import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Email, operations } from '../../src/index';

describe('Email', () => {
  it('lower-cases a valid address', () => {
    expect(Email.parse('Ada.Lovelace@Example.COM')).toBe('ada.lovelace@example.com');
    expect(Email.parse('grace@example.com')).toBe('grace@example.com');
  });

  it('still refuses what is not an address, or longer than 320 characters', () => {
    expect(Email.safeParse('not an address').success).toBe(false);
    expect(Email.safeParse(`${'a'.repeat(320)}@example.com`).success).toBe(false);
  });

  it('lower-cases through the operations that take addresses', () => {
    const invite = operations['user.invite'].input.parse({
      email: 'New.Person@Example.com',
      displayName: 'New',
      roles: ['salesRep'],
    });
    expect(invite).toMatchObject({ email: 'new.person@example.com' });
    const send = operations['mail.message.send'].input.parse({
      to: ['A@X.test'],
      cc: ['B@X.test'],
      subject: 's',
      body: { contentType: 'text', content: 'b' },
    });
    expect(send).toMatchObject({ to: ['a@x.test'], cc: ['b@x.test'] });
  });

  it('keeps its JSON Schema: a string of format email, at most 320 characters', () => {
    for (const io of ['input', 'output'] as const) {
      expect(z.toJSONSchema(Email, { io })).toMatchObject({ type: 'string', format: 'email', maxLength: 320 });
    }
  });
});
