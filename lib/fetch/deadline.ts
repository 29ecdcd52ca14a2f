import { FetchError } from './errors.ts';

/** Past the deadline, a source gets this long to notice its aborted signal before the fetch is failed anyway. */
const GRACE_MS = 1000;

/**
 * Runs one whole fetch (every page, article and render of it) under a deadline. The signal handed to `run`
 * aborts at `deadlineMs`, which every HTTP request and render honours; a source that still has not returned a
 * second later is failed with a 'timeout' naming `url`, so a job never outlives its deadline by more than that.
 * The outer `signal` (worker shutdown) aborts it too.
 */
export async function withDeadline<T>(deadlineMs: number, url: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  if (signal?.aborted) abort.abort();
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const soft = setTimeout(() => abort.abort(), deadlineMs);
  let hard: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    hard = setTimeout(() => reject(new FetchError('timeout', url, `the whole fetch did not finish within ${deadlineMs} ms`)), deadlineMs + GRACE_MS);
  });
  const work = run(abort.signal);
  try {
    return await Promise.race([work, late]);
  } catch (e) {
    // a request cut short by the deadline reports "aborted by the caller": say which deadline it was
    if (abort.signal.aborted && !signal?.aborted && e instanceof FetchError && e.kind === 'timeout' && !/within/.test(e.message))
      throw new FetchError('timeout', url, `the whole fetch did not finish within ${deadlineMs} ms (${e.message})`);
    throw e;
  } finally {
    clearTimeout(soft);
    clearTimeout(hard);
    signal?.removeEventListener('abort', onOuterAbort);
    work.catch(() => {});
  }
}
