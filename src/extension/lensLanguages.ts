import type { HandlerLanguage } from '../core/handlers/detectHandlers';

/** The languages whose files get handler CodeLenses (activation waits for one of them to open). */
export const LENS_LANGUAGES: readonly HandlerLanguage[] = ['javascript', 'typescript', 'python'];
