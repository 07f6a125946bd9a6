// The proxy's own answers: JSON `{"error": …}` refusals, never cached.

/** `status {"error": message}` with `Cache-Control: no-store`. */
export function refuse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
