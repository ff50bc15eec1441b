// Folders that are not storage: /proc, /sys, /dev and their kind. `addFolder("/proc/self")` was accepted in
// loopback mode (issue #18): walking it reads process memory maps and environment files as "images", follows
// /proc/self/root back to `/`, and a FIFO or device can block a read. Refused by what the kernel says the
// filesystem is (statfs), and by the real path's place, since devtmpfs reports itself as plain tmpfs.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** statfs f_type magic numbers (linux/magic.h) of filesystems that hold no one's files. */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0x958458f6, 'hugetlbfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x6e736673, 'nsfs'],
  [0x50495045, 'pipefs'],
]);

const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

/** Why `folder` is not storage (e.g. "a proc pseudo-filesystem"), or null when it is an ordinary folder. */
export async function pseudoFilesystemReason(folder: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const real = await fs.realpath(folder).catch(() => path.resolve(folder));
  const stats = await fs.statfs(real).catch(() => null);
  const kind = stats ? PSEUDO_FILESYSTEMS.get(Number(stats.type)) : undefined;
  if (kind) return `it is on a ${kind} pseudo-filesystem (kernel and process state, not image files)`;
  const root = SYSTEM_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (root) return `it is under ${root}, which holds devices and kernel state, not image files`;
  return null;
}
