import { diagnosticsFileName, formatDiagnostics, type DiagnosticsInput } from '../../shared/diagnostics';
import type { Logger } from '../logger';

export interface DiagnosticsExportDeps {
  /** The save dialog, pre-filled with the suggested name; null when the user cancelled. */
  chooseFile(defaultName: string): Promise<string | null>;
  writeFile(file: string, text: string): Promise<void>;
  /** Everything the bundle reports, gathered when the user has chosen where to save it. */
  collect(): Promise<Omit<DiagnosticsInput, 'generatedAt'>>;
  now?: () => Date;
  log: Logger;
}

/** "Export diagnostics" (Settings, Help menu): a redacted text bundle written where the user picks. */
export async function exportDiagnostics(deps: DiagnosticsExportDeps): Promise<{ saved: boolean; file: string | null }> {
  const at = (deps.now ?? (() => new Date()))();
  const file = await deps.chooseFile(diagnosticsFileName(at));
  if (file === null) return { saved: false, file: null };
  await deps.writeFile(file, formatDiagnostics({ generatedAt: at, ...(await deps.collect()) }));
  deps.log.info('diagnostics: exported a bundle where the user chose');
  return { saved: true, file };
}
