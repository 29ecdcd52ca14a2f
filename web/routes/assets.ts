import { readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.ts';
import { PageNoQuery, text } from '../validation.ts';

const AssetParams = z.strictObject({ file: text(100) });

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

/** /public/<file> from web/public (read once; a fixed list, so no path ever reaches the file system) and /healthz. */
export function assetRoutes(app: FastifyInstance, ctx: WebContext): void {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const f of readdirSync(PUBLIC_DIR)) {
    const type = TYPES[extname(f)];
    if (type) files.set(f, { type, body: readFileSync(join(PUBLIC_DIR, f)) });
  }
  app.get<{ Params: z.infer<typeof AssetParams> }>(
    '/public/:file',
    { config: { public: true }, schema: { params: AssetParams, querystring: PageNoQuery } },
    async (req, reply) => {
      const f = files.get(req.params.file);
      if (!f) return reply.code(404).send({ error: `no asset ${req.params.file}` });
      return reply.type(f.type).header('cache-control', 'public, max-age=300').send(f.body);
    },
  );

  // browsers ask for it on every page; without this it would bounce through the login redirect
  app.get('/favicon.ico', { config: { public: true }, schema: { querystring: PageNoQuery } }, async (_req, reply) => reply.code(204).send());

  app.get('/healthz', { config: { public: true }, schema: { querystring: PageNoQuery } }, async (_req, reply) => {
    try {
      await ctx.pool.query('SELECT 1');
      return { ok: true, postgres: 'ok', liveClients: ctx.listener.clientCount };
    } catch (e) {
      return reply.code(503).send({ ok: false, postgres: (e as Error).message });
    }
  });
}
