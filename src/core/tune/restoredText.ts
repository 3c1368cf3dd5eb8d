// What a tuning run put back, in words, for the terminal, the output channel and the editor's
// message alike: the memory size on $LATEST, the aliases and versions deleted, and anything that
// could not be undone with the command that does it.
import type { TuneOutcome } from './tuneOutcome';

export function restoredLines(outcome: Pick<TuneOutcome, 'function' | 'restored'>): string[] {
  const r = outcome.restored;
  const memory =
    r.configuration === 'restored'
      ? `MemorySize ${r.memoryMB} MB restored on $LATEST`
      : r.configuration === 'unchanged'
        ? `MemorySize ${r.memoryMB} MB on $LATEST (unchanged)`
        : r.configuration === 'changed-elsewhere'
          ? 'MemorySize left as someone else set it during the run'
          : 'MemorySize NOT restored';
  const deleted = [
    r.aliasesDeleted.length
      ? `deleted alias${r.aliasesDeleted.length === 1 ? '' : 'es'} ${r.aliasesDeleted.join(', ')}`
      : '',
    r.versionsDeleted.length
      ? `version${r.versionsDeleted.length === 1 ? '' : 's'} ${r.versionsDeleted.join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return [
    `Restored ${outcome.function}: ${memory}${deleted ? `; ${deleted}` : ''}${r.complete ? '; nothing of the run is left' : ''}`,
    ...r.problems.map((p) => `  NOT restored: ${p}`),
  ];
}
