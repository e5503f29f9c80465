/** HTTP helpers for benchmarks: plain fetch, no application code loaded into the measuring process. */

/** JSON call through the HTTP API; throws on a non-2xx answer. */
export async function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
