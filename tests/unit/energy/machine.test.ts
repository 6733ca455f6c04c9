import { describe, expect, it } from 'vitest';
import { readMachineFacts } from '../../../harness/energy/machine.js';
import { errno, memoryFs } from './helpers.js';

const os = { logicalCpus: 4, totalMemBytes: 8_000_000_000, release: '6.1.0-18-amd64' };

/** sysfs topology files for CPUs given as [package, core] pairs. */
const topology = (cpus: [number, number][]): [string, string][] =>
  cpus.flatMap(([pkg, core], i) => [
    [`/sys/devices/system/cpu/cpu${i}/topology/physical_package_id`, `${pkg}\n`],
    [`/sys/devices/system/cpu/cpu${i}/topology/core_id`, `${core}\n`],
  ]);

const CPUINFO = 'processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\nphysical id\t: 0\ncore id\t\t: 0\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\nphysical id\t: 0\ncore id\t\t: 0\n';

const facts = (files: [string, string | Error][], kernelLog: string[] | null = null, release = os.release) =>
  readMachineFacts({ fs: memoryFs(new Map(files)), os: { ...os, release }, kernelLog: () => kernelLog });

describe('readMachineFacts (Linux files, no child process)', () => {
  it('counts sockets and physical cores from the sysfs topology, as lscpu does (hyper-threads share a core)', () => {
    // 2 sockets × 2 cores × 2 threads: cpu0..7
    const f = facts([...topology([[0, 0], [0, 0], [0, 1], [0, 1], [1, 0], [1, 0], [1, 1], [1, 1]]), ['/proc/meminfo', 'MemTotal:       16318412 kB\nMemFree: 1 kB\n']]);
    expect(f).toMatchObject({ sockets: 2, physicalCores: 4, totalMemBytes: 16318412 * 1024 });
  });

  it('falls back to /proc/cpuinfo physical and core ids, then to one socket and the logical count', () => {
    expect(facts([['/proc/cpuinfo', CPUINFO]])).toMatchObject({ sockets: 1, physicalCores: 1, cpuModel: 'Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz', totalMemBytes: os.totalMemBytes });
    expect(facts([['/proc/cpuinfo', errno('EACCES')]])).toMatchObject({ sockets: 1, physicalCores: 4, cpuModel: null });
  });

  it('names the hypervisor from the DMI product name or vendor', () => {
    expect(facts([['/sys/devices/virtual/dmi/id/product_name', 'KVM\n']])).toMatchObject({ virtual: true, virtualHost: 'KVM' });
    expect(facts([['/sys/devices/virtual/dmi/id/product_name', 'VirtualBox\n']])).toMatchObject({ virtual: true, virtualHost: 'VirtualBox' });
    expect(facts([['/sys/devices/virtual/dmi/id/product_name', 'VMware Virtual Platform\n'], ['/sys/devices/virtual/dmi/id/sys_vendor', 'VMware, Inc.\n']])).toMatchObject({ virtual: true, virtualHost: null });
    expect(facts([['/sys/devices/virtual/dmi/id/product_name', 'HVM domU\n'], ['/sys/devices/virtual/dmi/id/sys_vendor', 'Xen\n']])).toMatchObject({ virtual: true, virtualHost: 'Xen' });
    expect(facts([['/sys/devices/virtual/dmi/id/product_name', 'PowerEdge R640\n'], ['/sys/devices/virtual/dmi/id/sys_vendor', 'Dell Inc.\n']])).toMatchObject({ virtual: false, virtualHost: null });
  });

  it('recognises QEMU and VirtualBox disks, and WSL kernels', () => {
    expect(facts([['/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi0', '']])).toMatchObject({ virtual: true, virtualHost: 'QEMU' });
    expect(facts([['/dev/disk/by-id/scsi-SATA_VBOX_HARDDISK_VB1234', '']])).toMatchObject({ virtual: true, virtualHost: 'VirtualBox' });
    expect(facts([], null, '5.15.153.1-microsoft-standard-WSL2')).toMatchObject({ virtual: true, virtualHost: null });
  });

  it('reads the hypervisor the kernel log names, ignoring nested-virtualisation notices and other hypervisors', () => {
    expect(facts([], ['Linux version 6.1.0', 'Hypervisor detected: KVM', 'kvm-clock: Using msrs'])).toMatchObject({ virtual: true, virtualHost: 'KVM' });
    expect(facts([], ['SVM: kvm: Nested Virtualization enabled'])).toMatchObject({ virtual: false, virtualHost: null });
    // A hypervisor systeminformation does not know (Firecracker's PVM here) is not reported.
    expect(facts([], ['Hypervisor detected: PVM', 'Booting paravirtualized kernel on PVM'])).toMatchObject({ virtual: false, virtualHost: null });
    // Unreadable log (dmesg restricted to root): nothing said.
    expect(facts([], null)).toMatchObject({ virtual: false, virtualHost: null });
  });

  it('does not read the kernel log once the DMI named the host', () => {
    let read = 0;
    const f = readMachineFacts({ fs: memoryFs(new Map([['/sys/devices/virtual/dmi/id/product_name', 'KVM\n']])), os, kernelLog: () => (read++, ['Hypervisor detected: Xen HVM']) });
    expect(f.virtualHost).toBe('KVM');
    expect(read).toBe(0);
  });
});
