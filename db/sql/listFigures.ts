import type { Db } from '../pool.ts';
import type { FigureRow } from '../rows.ts';

export async function listFigures(db: Db): Promise<FigureRow[]> {
  return (await db.query<FigureRow>('SELECT * FROM figures ORDER BY id')).rows;
}
