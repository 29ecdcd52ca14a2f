import type { Stage } from '../queues/names.ts';
import type { StageDefinition } from './stage.ts';

/** Each stage's module, imported only when a process runs it (the translate stage loads a model, fetch a browser). */
export const STAGE_MODULES: Record<Stage, () => Promise<{ default: StageDefinition<Stage, unknown> }>> = {
  fetch: () => import('./fetch/index.ts') as never,
  analyze: () => import('./analyze/index.ts') as never,
  alert: () => import('./alert/index.ts') as never,
  translate: () => import('./translate/index.ts') as never,
  deliver: () => import('./deliver/index.ts') as never,
  watch: () => import('./watch/index.ts') as never,
};
