// Sizes of what users download and what VS Code loads at activation (production build).
import { statSync } from 'node:fs';
import { figure } from './report.mjs';

const TARGET_ACTIVATION_BUNDLE = 150 * 1024;
figure('activation bundle (dist/extension.js)', statSync('dist/extension.js').size, 'bytes', {
  label: 'target',
  value: TARGET_ACTIVATION_BUNDLE,
});
figure(
  'workbench bundle (dist/workbench.js: the tree and the commands, required on first need)',
  statSync('dist/workbench.js').size,
  'bytes',
);
figure(
  'lazy profile reader (dist/profiles.js: for the first draw of the Functions view)',
  statSync('dist/profiles.js').size,
  'bytes',
);
figure(
  'lazy cloud bundle with the AWS SDK (dist/cloud.js)',
  statSync('dist/cloud.js').size,
  'bytes',
);
figure(
  'lazy features bundle (dist/features.js: invoke, deploy, sample events, the panel)',
  statSync('dist/features.js').size,
  'bytes',
);
figure(
  'lazy lenses bundle (dist/lenses.js: handler CodeLenses)',
  statSync('dist/lenses.js').size,
  'bytes',
);
figure('.vsix', statSync('dist-vsix/lambda-lens.vsix').size, 'bytes');
