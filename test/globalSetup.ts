import { ensureRequirements, realProbes, requirementsFromEnv } from './helpers/requirements.ts';

/**
 * Runs once before any test file (vitest.config.ts): installs what the suite needs and can install (Debian's
 * Chromium, redis-server, when run as root), or stops the run with one line saying what to do.
 */
export default async function setup(): Promise<void> {
  try {
    await ensureRequirements(requirementsFromEnv(), realProbes);
  } catch (e) {
    const err = new Error(`raqib tests: ${(e as Error).message}`);
    // the line is the message: a stack trace into the set-up code would only hide it
    err.stack = err.message;
    throw err;
  }
}
