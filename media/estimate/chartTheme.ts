// The charts' colours, from the theme's own chart tokens (--vscode-charts-*), each series in the
// first token of its list that stands out from the background by at least 3:1 — VS Code's light
// orange does not on white, so the cold series is red there — and read again on a theme change.
import { firstReadable, parseColour, type Rgb } from '../../src/core/estimate/contrast';

export interface ChartTheme {
  readonly background: string;
  readonly foreground: string;
  readonly grid: string;
  readonly font: string;
  readonly axisFont: string;
  readonly warm: string;
  readonly cold: string;
  readonly cost: string;
  readonly duration: string;
  readonly recommended: string;
  readonly current: string;
}

const WHITE: Rgb = { r: 255, g: 255, b: 255, a: 1 };

/** A CSS colour (a variable, a name) as the browser computes it: "rgb(…)"; '' when it is none. */
function computed(probe: HTMLElement, css: string): string {
  probe.style.color = '';
  probe.style.color = css;
  return probe.style.color ? getComputedStyle(probe).color : '';
}

export function readChartTheme(): ChartTheme {
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  try {
    // VS Code sets its tokens on the page; a token a theme lacks is '' (never the inherited text colour).
    const defined = getComputedStyle(document.body);
    const token = (name: string) => (defined.getPropertyValue(`--vscode-${name}`).trim() ? computed(probe, `var(--vscode-${name})`) : '');
    const backgroundText = token('editor-background') || getComputedStyle(document.body).backgroundColor;
    const parsed = parseColour(backgroundText);
    const background = parsed && parsed.a > 0 ? parsed : WHITE;
    const foreground = token('foreground') || computed(probe, 'CanvasText');
    const pick = (...names: string[]) => firstReadable([...names.map(token), foreground], background) ?? foreground;
    const family = defined.getPropertyValue('--vscode-font-family').trim() || defined.fontFamily || 'sans-serif';
    return {
      background: `rgb(${background.r}, ${background.g}, ${background.b})`,
      foreground,
      grid: token('charts-lines') || foreground,
      font: `12px ${family}`,
      axisFont: `bold 12px ${family}`,
      warm: pick('charts-blue', 'charts-foreground'),
      cold: pick('charts-orange', 'charts-red', 'charts-yellow'),
      cost: pick('charts-blue', 'charts-foreground'),
      duration: pick('charts-purple', 'charts-green', 'charts-yellow'),
      recommended: pick('charts-green', 'charts-blue'),
      current: foreground,
    };
  } finally {
    probe.remove();
  }
}

/** The colour with an alpha, for fills under a series' line. */
export function withAlpha(colour: string, alpha: number): string {
  const c = parseColour(colour);
  return c ? `rgba(${c.r}, ${c.g}, ${c.b}, ${alpha})` : colour;
}
