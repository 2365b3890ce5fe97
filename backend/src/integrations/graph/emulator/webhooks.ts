const TIMEOUT_MS = 10_000;

/** POSTs JSON to a subscriber and answers its HTTP status (0 on network error or after 10 s). */
export async function postJson(url: string, body: unknown): Promise<number> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/** Graph's validation handshake: POST `?validationToken=` (text/plain); passes on a 200 echoing it as text/plain within 10 s. */
export async function validationHandshake(url: string): Promise<{ status: number; ok: boolean }> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${crypto.randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    return {
      status: res.status,
      ok: res.status === 200 && text === token && (res.headers.get('content-type') ?? '').startsWith('text/plain'),
    };
  } catch {
    return { status: 0, ok: false };
  }
}
