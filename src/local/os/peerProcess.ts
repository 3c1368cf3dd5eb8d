// Which process opened a loopback TCP connection, on Linux: the client's socket is the line of
// /proc/net/tcp with the connection's two addresses swapped, its inode names it, and the process
// holding it has `socket:[inode]` among its open files in /proc/PID/fd. Only the processes of one
// tree are searched (an execution environment's): a few dozen readlinks. Most of the cost is the
// kernel listing its connection table (about 2 ms with a few thousand sockets; see LOCAL-ENDPOINT.md).
// Nothing else in the project reads /proc/net; off Linux (or with LAMBDA_LENS_FORCE_PORTABLE=1,
// to test that path here) whyPeersUnknown() says why, and callers say what they do without it.
import { closeSync, existsSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { FORCE_PORTABLE_VARIABLE, portableForced } from './forcedPortable';
import { childrenOf, someDescendant } from './procTree';

const chunk = Buffer.allocUnsafe(64 * 1024);

/** Why connections cannot be traced to processes here, in words for a log line; undefined when they can. */
export function whyPeersUnknown(): string | undefined {
  if (portableForced()) return `${FORCE_PORTABLE_VARIABLE}=1 is set`;
  if (process.platform !== 'linux')
    return `${process.platform} has no /proc to tell which process opened a connection`;
  if (!existsSync('/proc/net/tcp')) return '/proc/net/tcp cannot be read';
  return undefined;
}

/** One end of a TCP connection, as the accepting socket sees it. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export type PeerVerdict =
  { readonly inTree: true } | { readonly inTree: false; readonly why: string };

/**
 * Whether the client end of a connection (`client` connected to `server`) is held by `rootPid` or
 * one of its descendants.
 */
export function peerInTree(rootPid: number, client: Endpoint, server: Endpoint): PeerVerdict {
  const socket = clientSocket(client, server);
  if (!socket)
    return {
      inTree: false,
      why: `no TCP socket ${client.address}:${client.port} → ${server.address}:${server.port} in /proc/net/tcp`,
    };
  const link = `socket:[${socket.inode}]`;
  const unreadable: number[] = [];
  const holds = (pid: number) => {
    const fds = openFiles(pid);
    if (!fds) {
      unreadable.push(pid);
      return false;
    }
    return fds.some((fd) => readLink(`/proc/${pid}/fd/${fd}`) === link);
  };
  if (holds(rootPid) || someDescendant(childrenOf(rootPid), holds)) return { inTree: true };
  const owner = `a process of uid ${socket.uid} outside its execution environment`;
  return {
    inTree: false,
    why: unreadable.length
      ? `${owner} (or one whose open files could not be read: pid ${unreadable.join(', ')})`
      : owner,
  };
}

/**
 * The client's socket: the line whose local end is `client` and remote end is `server`. The kernel
 * lists every bucket of its connection table (hundreds of thousands on a large machine) a few KB
 * per read, and the read that finds the end walks them all again: reading stops at the line.
 */
function clientSocket(
  client: Endpoint,
  server: Endpoint,
): { inode: string; uid: number } | undefined {
  let fd: number;
  try {
    fd = openSync('/proc/net/tcp', 'r');
  } catch {
    return undefined;
  }
  const wanted = ` ${procAddress(client.address)}:${hex(client.port, 4)} ${procAddress(server.address)}:${hex(server.port, 4)} `;
  try {
    let rest = '';
    for (
      let read = readSync(fd, chunk, 0, chunk.length, null);
      read > 0;
      read = readSync(fd, chunk, 0, chunk.length, null)
    ) {
      const text = rest + chunk.toString('latin1', 0, read);
      const complete = text.lastIndexOf('\n') + 1;
      rest = text.slice(complete);
      for (
        let at = text.indexOf(wanted);
        at >= 0 && at < complete;
        at = text.indexOf(wanted, at + 1)
      ) {
        // From the local address on: "local rem st tx:rx tr:when retrnsmt uid timeout inode …".
        const fields = text.slice(at, text.indexOf('\n', at)).trim().split(/\s+/);
        // A socket in TIME_WAIT has inode 0: no process holds it.
        if (fields[8] && fields[8] !== '0') return { inode: fields[8], uid: Number(fields[6]) };
      }
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** An IPv4 address as /proc/net/tcp prints it: the 32-bit value in the machine's byte order, in hex. */
function procAddress(address: string): string {
  const octets = Buffer.from(
    address
      .replace(/^::ffff:/, '')
      .split('.')
      .map(Number),
  );
  return hex(endianness() === 'LE' ? octets.readUInt32LE(0) : octets.readUInt32BE(0), 8);
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

function openFiles(pid: number): string[] | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`);
  } catch (error) {
    // Gone since the tree was read: it holds nothing.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
