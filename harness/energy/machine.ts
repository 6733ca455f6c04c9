/**
 * The machine facts of the energy inventory (sockets, physical cores, memory, virtual machine or
 * not) read on Linux from /proc, /sys, /dev and node:os, without starting a process: the inventory
 * is taken at the start of every run, before the first request, and systeminformation spent about
 * 0.5 s of CPU there in child processes (lscpu, dmidecode, ls, dmesg) for the same facts.
 *
 * Same sources, same rules as systeminformation 5.33 on Linux (lib/cpu.js `getCpu`, lib/system.js
 * `system`), so the manifest records what it recorded:
 * - sockets and physical cores: what lscpu counts, from the kernel's CPU topology
 *   (Documentation/ABI/stable/sysfs-devices-system-cpu: `topology/physical_package_id`, `core_id`);
 * - memory: MemTotal of /proc/meminfo, which is what `os.totalmem()` returns (sysinfo(2) totalram);
 * - virtual machine: the DMI product name and vendor (the SMBIOS strings dmidecode prints, as the
 *   kernel exposes them under /sys/devices/virtual/dmi/id), QEMU or VirtualBox disk ids under
 *   /dev/disk/by-id, a WSL kernel release, and the kernel log lines dmesg prints (read from
 *   /dev/kmsg, as dmesg does) that name VMware, QEMU, KVM or Xen as hypervisor.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, nodeFs, type FsAccess } from './fs-access.js';

export type MachineFacts = {
  /** `model name` of /proc/cpuinfo (lscpu's source on x86), for when node:os gives no CPU model. */
  cpuModel: string | null;
  sockets: number;
  physicalCores: number;
  totalMemBytes: number;
  virtual: boolean;
  virtualHost: string | null;
};

export type MachineOptions = {
  procRoot?: string;
  /** Root of /sys (tests point it at a fixture tree). */
  sysRoot?: string;
  /** Root of /dev (for `disk/by-id`). */
  devRoot?: string;
  fs?: FsAccess;
  /** What node:os says; injectable for tests. */
  os?: { logicalCpus: number; totalMemBytes: number; release: string };
  /** The kernel log as lines of text, or null when it cannot be read (dmesg restricted to root). */
  kernelLog?: () => string[] | null;
};

const tryRead = (fs: FsAccess, path: string): string | null => {
  try {
    return fs.readText(path);
  } catch {
    return null;
  }
};

const tryList = (fs: FsAccess, path: string): string[] => {
  try {
    return fs.listDir(path);
  } catch {
    return [];
  }
};

/** Distinct packages and (package, core) pairs of the online CPUs, from sysfs, else /proc/cpuinfo. */
const topology = (fs: FsAccess, sysRoot: string, cpuinfo: string | null): { sockets: number; cores: number } | null => {
  const cpuDir = join(sysRoot, 'devices', 'system', 'cpu');
  const packages = new Set<string>();
  const cores = new Set<string>();
  for (const name of tryList(fs, cpuDir).filter((n) => /^cpu\d+$/.test(n))) {
    const pkg = tryRead(fs, join(cpuDir, name, 'topology', 'physical_package_id'))?.trim();
    const core = tryRead(fs, join(cpuDir, name, 'topology', 'core_id'))?.trim();
    if (pkg === undefined || core === undefined) continue;
    packages.add(pkg);
    cores.add(`${pkg}:${core}`);
  }
  if (packages.size > 0) return { sockets: packages.size, cores: cores.size };
  // Without sysfs topology: the `physical id` and `core id` lines of each processor block (x86).
  for (const block of (cpuinfo ?? '').split(/\n\s*\n/)) {
    const pkg = /^physical id\s*:\s*(\S+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\S+)/m.exec(block)?.[1];
    if (pkg === undefined || core === undefined) continue;
    packages.add(pkg);
    cores.add(`${pkg}:${core}`);
  }
  return packages.size > 0 ? { sockets: packages.size, cores: cores.size } : null;
};

/** DMI product names and vendors of hypervisors, with the host name recorded (none: unnamed). */
const DMI_PRODUCTS: [RegExp, string | null][] = [
  [/^virtualbox$/, 'VirtualBox'],
  [/^vmware$/, 'VMware'],
  [/^vmware/, null],
  [/^kvm$/, 'KVM'],
  [/^bochs$/, 'bochs'],
  [/^virtual machine$/, null],
  [/^droplet/, null],
];
const DMI_VENDORS: [RegExp, string | null][] = [
  [/^vmware$/, 'VMware'],
  [/^vmware/, null],
  [/^xen$/, 'Xen'],
];

/** Hypervisor names looked for in the kernel log, first found wins (systeminformation's order). */
const HOSTS_IN_LOG: [string, string][] = [
  ['vmware', 'VMware'],
  ['qemu', 'QEMU'],
  ['xen', 'Xen'],
  ['kvm', 'KVM'],
];

const matchHost = (value: string, table: [RegExp, string | null][]): { host: string | null } | null => {
  const hit = table.find(([re]) => re.test(value.toLowerCase()));
  return hit ? { host: hit[1] } : null;
};

/**
 * The kernel log as dmesg reads it: /dev/kmsg opened non-blocking, one record per read, until
 * EAGAIN (the end). Null when it cannot be opened (EPERM when kernel.dmesg_restrict applies).
 */
export const readKernelLog = (devRoot = '/dev'): string[] | null => {
  let fd: number;
  try {
    fd = openSync(join(devRoot, 'kmsg'), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  const lines: string[] = [];
  const buffer = Buffer.alloc(8192);
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (e) {
        // EPIPE: the record was overwritten while reading; the next read goes on from the next one.
        if (errnoCode(e) === 'EPIPE') continue;
        break;
      }
      if (n === 0) break;
      // "prio,seq,time,flags;message\n" then optional " KEY=value" continuation lines, which dmesg does not print.
      const record = buffer.toString('utf8', 0, n);
      lines.push(record.slice(record.indexOf(';') + 1).split('\n', 1)[0] ?? '');
    }
  } finally {
    closeSync(fd);
  }
  return lines;
};

const virtualOf = (opts: Required<Pick<MachineOptions, 'sysRoot' | 'devRoot'>> & { fs: FsAccess; release: string; kernelLog: () => string[] | null }): { virtual: boolean; virtualHost: string | null } => {
  const dmi = join(opts.sysRoot, 'devices', 'virtual', 'dmi', 'id');
  const product = tryRead(opts.fs, join(dmi, 'product_name'))?.trim() ?? '';
  const vendor = tryRead(opts.fs, join(dmi, 'sys_vendor'))?.trim() ?? '';
  let virtual = false;
  let host: string | null = null;
  const byProduct = matchHost(product, DMI_PRODUCTS);
  if (byProduct) [virtual, host] = [true, byProduct.host];
  const byVendor = matchHost(vendor, DMI_VENDORS);
  if (byVendor) [virtual, host] = [true, byVendor.host ?? host];
  if (!virtual) {
    const disks = tryList(opts.fs, join(opts.devRoot, 'disk', 'by-id')).join('\n');
    if (disks.includes('_QEMU_') || disks.includes('QEMU ')) [virtual, host] = [true, 'QEMU'];
    if (disks.includes('_VBOX_')) [virtual, host] = [true, 'VirtualBox'];
  }
  if (!virtual && (opts.release.toLowerCase().includes('microsoft') || opts.release.toLowerCase().endsWith('wsl2'))) virtual = true;
  // The kernel log only adds a host name still unknown (and says "virtual" when nothing else did).
  if (host === null) {
    const said = (opts.kernelLog() ?? []).filter((l) => /virtual|hypervisor/i.test(l) && /vmware|qemu|kvm|xen/i.test(l) && !/Nested Virtualization|\/virtual\//i.test(l));
    if (said.length > 0) {
      virtual = true;
      const text = said.join('\n').toLowerCase();
      host = HOSTS_IN_LOG.find(([word]) => text.includes(word))?.[1] ?? null;
    }
  }
  return { virtual, virtualHost: host };
};

/** The machine facts of this Linux host, from files only (no child process). */
export const readMachineFacts = (opts: MachineOptions & { os: NonNullable<MachineOptions['os']> }): MachineFacts => {
  const fs = opts.fs ?? nodeFs;
  const procRoot = opts.procRoot ?? '/proc';
  const sysRoot = opts.sysRoot ?? '/sys';
  const devRoot = opts.devRoot ?? '/dev';
  const cpuinfo = tryRead(fs, join(procRoot, 'cpuinfo'));
  const topo = topology(fs, sysRoot, cpuinfo);
  const meminfoKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(tryRead(fs, join(procRoot, 'meminfo')) ?? '')?.[1] ?? Number.NaN);
  return {
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo ?? '')?.[1]?.trim() || null,
    sockets: topo?.sockets ?? 1,
    physicalCores: topo?.cores ?? opts.os.logicalCpus,
    totalMemBytes: Number.isFinite(meminfoKb) && meminfoKb > 0 ? meminfoKb * 1024 : opts.os.totalMemBytes,
    ...virtualOf({ fs, sysRoot, devRoot, release: opts.os.release, kernelLog: opts.kernelLog ?? (() => readKernelLog(devRoot)) }),
  };
};
