import { parseReportWindow, WINDOW_SYNTAX, type ReportWindow } from '../core/report/reportWindow';
import { CliError } from './cliError';

/** The window of logs an option gives (`--window`, `--since`); a usage error names the forms it takes. */
export function windowOption(flag: string, text: string): ReportWindow {
  try {
    return parseReportWindow(text);
  } catch {
    throw new CliError(`${flag} must be ${WINDOW_SYNTAX}; not "${text}"`, 2);
  }
}
