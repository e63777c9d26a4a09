import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// What a process tree runs and where it listens, read from /proc (Linux): tests look at sockets
// instead of sending traffic to a non-loopback address.

const readOr = (path: string, fallback: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
};

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed child stays a zombie until its parent reaps it: that is gone, too.
  return !/^\d+ \(.*\) Z /.test(readOr(`/proc/${pid}/stat`, ''));
};

const parentOf = (pid: number): number | undefined => {
  const stat = readOr(`/proc/${pid}/stat`, '');
  // Fields after the command (which may hold spaces and parentheses): state, ppid, …
  const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  return ppid ? Number(ppid) : undefined;
};

const commandOf = (pid: number): string => readOr(`/proc/${pid}/cmdline`, '').split('\0').join(' ');

const allPids = (): number[] => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

/** The process and all its descendants. */
export const processTree = (root: number): number[] => {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
};

/** DynamoDB Local processes (Java running our launcher) in a process tree. */
export const dynamoJavaIn = (root: number): number[] =>
  processTree(root).filter((pid) => pid !== root && /\bjava\b.*LoopbackDynamoDB|DynamoDBLocal/.test(commandOf(pid)));

const socketInodes = (pid: number): Set<string> => {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return inodes;
};

/** /proc/net/tcp keeps each 32-bit word of the address in host (little-endian) order. */
const decodeAddress = (hex: string): string => {
  const words = hex.toLowerCase().match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  if (words.length === 1) return words[0]!.match(/../g)!.map((b) => parseInt(b, 16)).join('.');
  const v6 = words.join('');
  if (v6.startsWith('00000000000000000000ffff')) return `::ffff:${v6.slice(24).match(/../g)!.map((b) => parseInt(b, 16)).join('.')}`;
  return v6.match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
};

export interface Listener {
  pid: number;
  address: string;
  port: number;
}

/** Every TCP socket in LISTEN state that a process of the tree holds, with its local address. */
export const listenersOf = (root: number): Listener[] => {
  const byInode = new Map<string, number>();
  for (const pid of processTree(root)) for (const inode of socketInodes(pid)) byInode.set(inode, pid);
  const listeners: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readOr(table, '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== '0A' || !inode || !byInode.has(inode)) continue;
      const [addressHex, portHex] = local.split(':') as [string, string];
      listeners.push({ pid: byInode.get(inode)!, address: decodeAddress(addressHex), port: parseInt(portHex, 16) });
    }
  }
  return listeners;
};

export const isLoopback = (address: string): boolean => /^127\./.test(address) || /^::ffff:127\./.test(address) || address === '0:0:0:0:0:0:0:1';

export const waitFor = async <T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what = 'condition'): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
