// Beneath a function in the Functions view: Configuration (key facts; environment variables
// masked until revealed one by one), Versions and Aliases, Recent invocations (its REPORT lines)
// and Log streams (latest first). Each group loads when opened.
import * as vscode from 'vscode';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { ConnectionDescriptor } from '../core/connections';
import { describeConnectionError } from '../core/connectionErrors';
import { MASKED_VALUE } from '../core/maskedValues';
import { functionLogGroup } from '../core/logNames';
import type { ConnectionTarget } from '../cloud';
import { loadCloud } from './cloudLoader';

export type DetailKind =
  'configuration' | 'environment' | 'versions' | 'invocations' | 'logStreams';

interface FunctionRef {
  readonly connection: ConnectionDescriptor;
  readonly region: string;
  readonly configuration: FunctionConfiguration;
}

export class DetailGroupNode extends vscode.TreeItem {
  constructor(
    readonly fn: FunctionRef,
    readonly kind: DetailKind,
    label: string,
    icon: string,
    description?: string,
  ) {
    super(label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${kind}:${fn.connection.id}:${fn.region}:${fn.configuration.FunctionName}`;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = `details.${kind}`;
    if (description) this.description = description;
  }
}

export class FactNode extends vscode.TreeItem {
  constructor(
    id: string,
    label: string,
    value: string,
    options: {
      icon?: string;
      tooltip?: string;
      command?: vscode.Command;
      contextValue?: string;
    } = {},
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.description = value;
    this.tooltip = options.tooltip ?? `${label}: ${value}`;
    if (options.icon) this.iconPath = new vscode.ThemeIcon(options.icon);
    if (options.command) this.command = options.command;
    this.contextValue = options.contextValue ?? 'fact';
  }
}

/** One of Recent invocations: a click shows its lines, START to REPORT. */
export class InvocationNode extends FactNode {
  constructor(
    id: string,
    label: string,
    value: string,
    readonly invocation: {
      connection: ConnectionDescriptor;
      region: string;
      functionName: string;
      logGroup: string;
      requestId: string;
    },
    options: { icon: string; tooltip: string },
  ) {
    super(id, label, value, {
      ...options,
      contextValue: 'invocation',
      command: {
        command: 'lambdaLens.showInvocationLogs',
        title: 'Show Invocation Logs',
        arguments: [invocation],
      },
    });
  }
}

/** An environment variable: its value is hidden until the user reveals it (a click toggles). */
export class EnvironmentVariableNode extends vscode.TreeItem {
  constructor(
    readonly fn: FunctionRef,
    readonly key: string,
    readonly value: string,
    revealed: boolean,
  ) {
    super(key, vscode.TreeItemCollapsibleState.None);
    this.id = `env:${fn.connection.id}:${fn.region}:${fn.configuration.FunctionName}:${key}`;
    this.description = revealed ? value : MASKED_VALUE;
    this.tooltip = revealed ? `${key}=${value}` : `${key}: click to reveal the value`;
    this.iconPath = new vscode.ThemeIcon(revealed ? 'eye' : 'eye-closed');
    this.contextValue = revealed ? 'environmentVariable.revealed' : 'environmentVariable';
    this.command = {
      command: 'lambdaLens.toggleVariable',
      title: revealed ? 'Hide Value' : 'Reveal Value',
      arguments: [this],
    };
  }
}

export type DetailNode = DetailGroupNode | FactNode | InvocationNode | EnvironmentVariableNode;

export function detailGroups(fn: FunctionRef): DetailGroupNode[] {
  const variables = Object.keys(fn.configuration.Environment?.Variables ?? {}).length;
  return [
    new DetailGroupNode(
      fn,
      'configuration',
      'Configuration',
      'settings-gear',
      variables ? `${variables} environment variable${variables > 1 ? 's' : ''}` : undefined,
    ),
    new DetailGroupNode(fn, 'versions', 'Versions and Aliases', 'versions'),
    new DetailGroupNode(fn, 'invocations', 'Recent invocations', 'pulse', 'last 24 h'),
    new DetailGroupNode(fn, 'logStreams', 'Log streams', 'output'),
  ];
}

function ago(timestamp: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - timestamp) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

export async function detailChildren(
  node: DetailGroupNode,
  target: (c: ConnectionDescriptor, r: string) => Promise<ConnectionTarget>,
  revealed: ReadonlySet<string>,
): Promise<DetailNode[]> {
  const { fn } = node;
  const c = fn.configuration;
  const name = c.FunctionName ?? '';
  const id = (suffix: string) => `${node.id}:${suffix}`;
  try {
    switch (node.kind) {
      case 'configuration': {
        const facts: [string, string | undefined][] = [
          ['Runtime', c.Runtime],
          ['Handler', c.Handler],
          ['Memory', c.MemorySize && `${c.MemorySize} MB`],
          ['Timeout', c.Timeout && `${c.Timeout} s`],
          ['Architecture', c.Architectures?.[0]],
          ['Ephemeral storage', c.EphemeralStorage?.Size && `${c.EphemeralStorage.Size} MB`],
          [
            'Code size',
            c.CodeSize !== undefined ? `${(c.CodeSize / 1024).toFixed(1)} KB` : undefined,
          ],
          ['Last modified', c.LastModified],
          ['State', [c.State, c.LastUpdateStatus].filter(Boolean).join(' / ')],
          ['Role', c.Role],
          ['Log group', c.LoggingConfig?.LogGroup],
        ] as [string, string | undefined][];
        const nodes: DetailNode[] = facts
          .filter(([, v]) => v)
          .map(([label, value]) => new FactNode(id(label), label, value!));
        if (Object.keys(c.Environment?.Variables ?? {}).length)
          nodes.push(
            new DetailGroupNode(fn, 'environment', 'Environment variables', 'symbol-variable'),
          );
        return nodes;
      }
      case 'environment':
        return Object.entries(c.Environment?.Variables ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(
            ([key, value]) =>
              new EnvironmentVariableNode(fn, key, value, revealed.has(`${node.id}:${key}`)),
          );
      case 'versions': {
        const cloud = loadCloud();
        const { versions, aliases } = await cloud.versionsAndAliases(
          cloud.lambdaClientFor(await target(fn.connection, fn.region)),
          name,
        );
        const nodes: DetailNode[] = aliases.map(
          (a) =>
            new FactNode(
              id(`alias:${a.Name}`),
              a.Name ?? '',
              `alias → ${a.FunctionVersion}${a.RoutingConfig?.AdditionalVersionWeights ? ' (weighted)' : ''}`,
              { icon: 'tag', tooltip: a.AliasArn ?? '' },
            ),
        );
        for (const v of [...versions].reverse()) {
          nodes.push(
            new FactNode(
              id(`version:${v.Version}`),
              v.Version === '$LATEST' ? '$LATEST' : `Version ${v.Version}`,
              [v.Description, v.LastModified].filter(Boolean).join(' · '),
              { icon: 'git-commit', tooltip: v.FunctionArn ?? '' },
            ),
          );
        }
        return nodes;
      }
      case 'invocations': {
        const cloud = loadCloud();
        const logGroup = c.LoggingConfig?.LogGroup ?? functionLogGroup(name);
        const invocations = await cloud.recentInvocations(
          cloud.logsClientFor(await target(fn.connection, fn.region)),
          name,
          { logGroup, fromLocalEndpoint: fn.connection.kind === 'local' },
        );
        if (!invocations.length)
          return [
            new FactNode(id('none'), 'No invocations in the last 24 hours', '', { icon: 'info' }),
          ];
        return invocations.map((r) => {
          const cold =
            r.initDurationMs !== undefined
              ? `cold (init ${r.initDurationMs.toFixed(0)} ms)`
              : 'warm';
          const status =
            r.status && r.status !== 'success'
              ? ` · ${r.status}${r.errorType ? ` ${r.errorType}` : ''}`
              : '';
          const invocation = {
            connection: fn.connection,
            region: fn.region,
            functionName: name,
            logGroup,
            requestId: r.requestId,
          };
          return new InvocationNode(
            id(r.requestId),
            `${r.durationMs.toFixed(1)} ms · ${cold}${status}`,
            `${r.maxMemoryUsedMB}/${r.memorySizeMB} MB · ${ago(r.timestamp)}`,
            invocation,
            {
              icon:
                r.status && r.status !== 'success'
                  ? 'error'
                  : r.initDurationMs !== undefined
                    ? 'snowflake'
                    : 'flame',
              tooltip: `Request ${r.requestId} (click for its log lines)\nDuration ${r.durationMs} ms, billed ${r.billedDurationMs} ms\nMemory ${r.maxMemoryUsedMB} of ${r.memorySizeMB} MB${r.initDurationMs !== undefined ? `\nInit ${r.initDurationMs} ms` : ''}`,
            },
          );
        });
      }
      case 'logStreams': {
        const cloud = loadCloud();
        const logGroup = c.LoggingConfig?.LogGroup ?? functionLogGroup(name);
        const streams = await cloud.latestLogStreams(
          cloud.logsClientFor(await target(fn.connection, fn.region)),
          name,
          { logGroup },
        );
        if (!streams.length)
          return [new FactNode(id('none'), 'No log streams yet', '', { icon: 'info' })];
        return streams.map(
          (s) =>
            new FactNode(
              id(s.logStreamName ?? ''),
              s.logStreamName ?? '',
              s.lastEventTimestamp ? ago(s.lastEventTimestamp) : '',
              {
                icon: 'list-flat',
                contextValue: 'logStream',
                command: {
                  command: 'lambdaLens.showLogStream',
                  title: 'Show Log Stream',
                  arguments: [
                    {
                      connection: fn.connection,
                      region: fn.region,
                      logGroup,
                      stream: s.logStreamName,
                    },
                  ],
                },
              },
            ),
        );
      }
    }
  } catch (error) {
    const problem = describeConnectionError(error, fn.connection, fn.region);
    return [
      new FactNode(id('error'), problem.message.replace(/^Listing failed/, 'Loading failed'), '', {
        icon: 'error',
      }),
    ];
  }
}
