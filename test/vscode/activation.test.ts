import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourExtension } from './extension';

describe('activation', () => {
  it('is lazy, then activates and reports how long it took', async () => {
    const extension = ourExtension();
    assert.equal(
      extension.isActive,
      false,
      'nothing should activate the extension before it is needed',
    );
    const started = performance.now();
    const api = await extension.activate();
    const elapsedMs = performance.now() - started;
    assert.equal(extension.isActive, true);
    assert.ok(
      Number.isFinite(api.activateMs) && api.activateMs >= 0 && api.activateMs <= elapsedMs,
    );
    console.log(
      `      activation took ${elapsedMs.toFixed(1)} ms (load + activate), activate() itself ${api.activateMs.toFixed(1)} ms`,
    );
  });

  it('runs in the extension host of VS Code with the real API', () => {
    console.log(
      `      VS Code ${vscode.version}, ${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, Node ${process.version}`,
    );
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });
});
