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

const TOKENS = [
  'editor-background',
  'foreground',
  'charts-lines',
  'charts-foreground',
  'charts-blue',
  'charts-orange',
  'charts-red',
  'charts-yellow',
  'charts-purple',
  'charts-green',
] as const;
type Token = (typeof TOKENS)[number];

/**
 * Every token as the browser computes it ("rgb(…)"), '' for one the theme lacks (never the
 * inherited text colour). One probe per token, all read after one style pass.
 */
function readTokens(): Record<Token, string> {
  const defined = getComputedStyle(document.body);
  const probes = TOKENS.map((name) => {
    const probe = document.createElement('span');
    probe.hidden = true;
    if (defined.getPropertyValue(`--vscode-${name}`).trim())
      probe.style.color = `var(--vscode-${name})`;
    return probe;
  });
  document.body.append(...probes);
  const values = Object.fromEntries(
    TOKENS.map((name, i) => [
      name,
      probes[i]!.style.color ? getComputedStyle(probes[i]!).color : '',
    ]),
  ) as Record<Token, string>;
  for (const probe of probes) probe.remove();
  return values;
}

export function readChartTheme(): ChartTheme {
  const token = readTokens();
  const parsed = parseColour(
    token['editor-background'] || getComputedStyle(document.body).backgroundColor,
  );
  const background = parsed && parsed.a > 0 ? parsed : WHITE;
  const foreground = token.foreground || getComputedStyle(document.body).color;
  const pick = (...names: Token[]) =>
    firstReadable([...names.map((n) => token[n]), foreground], background) ?? foreground;
  const style = getComputedStyle(document.body);
  const family =
    style.getPropertyValue('--vscode-font-family').trim() || style.fontFamily || 'sans-serif';
  return {
    background: `rgb(${background.r}, ${background.g}, ${background.b})`,
    foreground,
    grid: token['charts-lines'] || foreground,
    font: `12px ${family}`,
    axisFont: `bold 12px ${family}`,
    warm: pick('charts-blue', 'charts-foreground'),
    cold: pick('charts-orange', 'charts-red', 'charts-yellow'),
    cost: pick('charts-blue', 'charts-foreground'),
    duration: pick('charts-purple', 'charts-green', 'charts-yellow'),
    recommended: pick('charts-green', 'charts-blue'),
    current: foreground,
  };
}

/** The colour with an alpha, for fills under a series' line. */
export function withAlpha(colour: string, alpha: number): string {
  const c = parseColour(colour);
  return c ? `rgba(${c.r}, ${c.g}, ${c.b}, ${alpha})` : colour;
}
