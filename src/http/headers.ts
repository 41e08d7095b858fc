/** Response headers as name/value pairs, the form they are assembled in. */
export type HeaderList = [name: string, value: string][];

/**
 * Response headers as a plain object: the form handed to `new Response` on every request.
 * workerd builds a response's headers from an object's own properties faster than from an array
 * of pairs, which it walks through the iterator protocol (npm run bench).
 */
export type HeaderRecord = Readonly<Record<string, string>>;

export function headerRecord(list: HeaderList): HeaderRecord {
  return Object.freeze(Object.fromEntries(list));
}
