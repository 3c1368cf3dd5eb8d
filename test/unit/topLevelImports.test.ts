// Counting the modules a handler file loads at the top level (the import term of the cold-start estimate).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { countTopLevelImports } from '../../src/core/coldStart/topLevelImports';

test('JavaScript and TypeScript: each distinct package or file imported or required at the top level', () => {
  const source = [
    "import { S3Client } from '@aws-sdk/client-s3';",
    "import * as zod from 'zod';",
    "import './polyfill.js';",
    "import type { Context } from 'aws-lambda';",
    "import { join } from 'node:path';",
    "import fs from 'fs';",
    "const lodash = require('lodash');",
    'const again = require("lodash");',
    "export { helper } from './helper';",
    "import jwt = require('jsonwebtoken');",
    '/*',
    "import hidden from 'commented-out';",
    '*/',
    'const doc = `',
    "import fake from 'in-a-template';",
    '`;',
    'export const handler = async () => {',
    "  const lazy = require('loaded-later');",
    '  return lazy;',
    '};',
  ].join('\n');
  // @aws-sdk/client-s3, zod, ./polyfill.js, lodash, ./helper, jsonwebtoken
  assert.equal(countTopLevelImports(source, 'typescript'), 6);
  assert.equal(countTopLevelImports('export const handler = async () => 1;', 'javascript'), 0);
});

test('Python: modules of top-level import and from … import, the usual standard library left out', () => {
  const source = [
    'import json, os',
    'import boto3',
    'import numpy as np, pandas as pd',
    'from botocore.config import Config',
    'from . import helpers',
    'from typing import Any',
    '"""',
    'import not_real',
    '"""',
    'def handler(event, context):',
    '    import requests',
    '    return 1',
  ].join('\n');
  // boto3, numpy, pandas, botocore.config, and the function's own package (from . import helpers)
  assert.equal(countTopLevelImports(source, 'python'), 5);
});
