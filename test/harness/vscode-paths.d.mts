// Types for vscode-paths.mjs, for the TypeScript tests that look for the test VS Code's Node.js.
export declare const CODE_SERVER_VERSION: string;
export declare const NODE_VERSION: string;
export declare function vscodeInstall(): {
  CODE_SERVER_VERSION: string;
  NODE_VERSION: string;
  dir: string;
  nodeBin: string;
  codeServerDir: string;
};
