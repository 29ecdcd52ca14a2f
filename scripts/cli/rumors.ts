import type { Command } from 'commander';
import { RUMOR_STATUSES, type RumorStatus } from '../../db/rows.ts';
import type { RumorListRow } from '../../db/sql/listRumors.ts';
import type { RumorTrailRow } from '../../db/sql/listRumorTrail.ts';
import { withPool } from './services.ts';

/** A rumor as `raqib rumors --json` prints it: the API's shape, with its claims and answers. */
function rumorRecord(r: RumorListRow, trail: readonly RumorTrailRow[]) {
  const entry = (t: RumorTrailRow) => ({
    itemId: t.item_id,
    outlet: { id: t.feed_id, name: t.feed_name },
    at: t.at.toISOString(),
    lang: t.lang,
    title: t.title,
    url: t.url,
    alertId: t.alert_id,
    ...(t.role === 'answer' ? { basis: t.answer_basis, via: t.via, namesRumor: t.names_rumor } : { basis: t.basis }),
  });
  return {
    id: r.id,
    figureId: r.figure_id,
    harm: r.harm,
    status: r.status,
    firstSource: {
      itemId: r.first_item_id,
      outlet: { id: r.first_feed_id, name: r.first_feed_name },
      at: r.first_at.toISOString(),
      basis: r.first_basis,
      url: r.first_item_url,
    },
    lastActivityAt: r.last_activity_at.toISOString(),
    claimItems: r.claim_items,
    claimOutlets: r.claim_outlets,
    judgement: r.status_at ? { by: r.status_by, at: r.status_at.toISOString(), note: r.status_note } : null,
    claims: trail.filter((t) => t.role === 'claim').map(entry),
    answers: trail.filter((t) => t.role === 'answer').map(entry),
  };
}

/** Human-readable: one block per rumor, its first source, then each answer in time order. */
export function formatRumor(r: ReturnType<typeof rumorRecord>): string {
  const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const lines = [
    `#${r.id} ${r.figureId}: ${r.harm ?? 'harm'} — ${r.status}${r.judgement ? ` (by ${r.judgement.by}${r.judgement.note ? `: ${r.judgement.note}` : ''})` : ''}`,
    `   first: ${when(r.firstSource.at)} ${r.firstSource.outlet.name ?? r.firstSource.outlet.id ?? '?'} (${r.firstSource.basis})${r.firstSource.url ? ` ${r.firstSource.url}` : ''}`,
    `   carried by ${r.claimOutlets} outlet(s), ${r.claimItems} item(s)`,
    ...(r.answers.length === 0
      ? ['   no answer yet']
      : r.answers.map(
          (a) =>
            `   answer: ${when(a.at)} ${a.outlet.name ?? a.outlet.id} — ${a.basis}${'namesRumor' in a && a.namesRumor ? ', names the rumor' : ''}${a.url ? ` ${a.url}` : ''}`,
        )),
  ];
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('rumors')
    .description('rumors of harm to tracked figures: first source, status, and the answers that followed (latest activity first)')
    .option('--figure <id>', 'only this figure')
    .option('--status <status>', `only this status: ${RUMOR_STATUSES.join(' | ')}`)
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'one JSON object per rumor')
    .action(async (o: { figure?: string; status?: string; limit: string; json?: boolean }) => {
      if (o.status && !(RUMOR_STATUSES as readonly string[]).includes(o.status))
        throw new Error(`--status "${o.status}" is not one of ${RUMOR_STATUSES.join(', ')}`);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit "${o.limit}" is not a positive whole number`);
      const { settings } = await import('../../config/settings.ts');
      await withPool(async (pool) => {
        const { listRumors } = await import('../../db/sql/listRumors.ts');
        const { listRumorTrail } = await import('../../db/sql/listRumorTrail.ts');
        const rows = await listRumors(
          pool,
          { figureId: o.figure, status: o.status as RumorStatus | undefined },
          settings().RAQIB_RUMOR_QUIET_DAYS,
          limit,
        );
        for (const r of rows) {
          const rec = rumorRecord(r, await listRumorTrail(pool, r.id));
          process.stdout.write(o.json ? JSON.stringify(rec) + '\n' : formatRumor(rec));
        }
        if (!o.json) process.stderr.write(`${rows.length} rumor(s)\n`);
      });
    });
}
