import type { Db } from '../pool.ts';

/**
 * Turns Postgres's JIT compilation off until the transaction ends. A batch statement over a few thousand
 * rows (200 items × 32 bands) is estimated above jit_above_cost, and compiling it took 140 ms of a 170 ms
 * statement that runs in 30 ms without; our statements are short and many, never worth compiling.
 */
export async function turnOffJit(db: Db): Promise<void> {
  await db.query('SET LOCAL jit = off');
}
