import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('web')
    .description('serve the web app and JSON API on RAQIB_WEB_HOST:RAQIB_WEB_PORT')
    .option('--no-queues', 'do not mount the BullMQ dashboard under /ops/queues (no Redis needed)')
    .action(async (opts: { queues: boolean }) => {
      const [{ settings }, { createPool, describeDbUrl }, { buildWebApp }, { openQueues }, { log }] = await Promise.all([
        import('../../config/settings.ts'),
        import('../../db/pool.ts'),
        import('../../web/server.ts'),
        import('../../queues/connection.ts'),
        import('../../lib/log.ts'),
      ]);
      const s = settings();
      const pool = createPool();
      try {
        await pool.query('SELECT 1');
      } catch (e) {
        await pool.end().catch(() => {});
        const hint = (e as { code?: string }).code === '3D000' ? '; run "raqib migrate" first' : '';
        throw new Error(`web: cannot reach Postgres at ${describeDbUrl(s.DATABASE_URL)} (${(e as Error).message})${hint}`);
      }
      const queues = opts.queues ? openQueues() : null;
      const web = await buildWebApp({ pool, databaseUrl: s.DATABASE_URL, queues });
      try {
        await web.app.listen({ host: s.RAQIB_WEB_HOST, port: s.RAQIB_WEB_PORT });
      } catch (e) {
        await web.close();
        await queues?.close();
        await pool.end();
        throw new Error(`web: cannot listen on ${s.RAQIB_WEB_HOST}:${s.RAQIB_WEB_PORT} (${(e as Error).message})`);
      }
      const addr = web.app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : s.RAQIB_WEB_PORT;
      // /metrics and /healthz on the ops port too, as every long-running process has them
      const { startOpsServer, postgresCheck } = await import('../../lib/opsServer.ts');
      const ops =
        s.RAQIB_METRICS_PORT >= 0
          ? await startOpsServer({ port: s.RAQIB_METRICS_PORT, checks: { postgres: postgresCheck(pool) } }).catch((e: Error) => {
              log.warn(e.message);
              return null;
            })
          : null;
      log.info({ host: s.RAQIB_WEB_HOST, port, ops: ops?.url }, 'web app listening');
      process.stderr.write(`raqib web: http://${s.RAQIB_WEB_HOST}:${port}/\n`);
      const stop = async () => {
        log.info('web app stopping');
        await ops?.close();
        await web.close();
        await queues?.close();
        await pool.end();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
