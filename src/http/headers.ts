/** Response headers as name/value pairs, the form they are assembled in. */
export type HeaderList = [name: string, value: string][];

/**
 * Response headers made once and handed to every `new Response` that sends them. A Response
 * copies its init's headers into its own (Fetch standard, "fill" the response's header list), so
 * no response, nor a middleware changing one, can change what the next one gets; and workerd
 * copies a Headers object's entries natively, where it reads and checks a plain object's or a
 * list's names and values one by one on every request (about a sixth of what a constant response
 * with a document's headers costs, docs/benchmarks.md). Never change one after it is made.
 */
export type PreparedHeaders = Headers;

export function preparedHeaders(list: HeaderList): PreparedHeaders {
  return new Headers(list);
}
