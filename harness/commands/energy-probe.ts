/**
 * `bac-a-sable energy probe`: which energy sources this machine offers and why the others are not
 * there, then the idle baseline over a few seconds (as the harness would measure it before a run).
 */
import { createEnergyMeter } from '../energy/meter.js';
import { probeEnergySources } from '../energy/probe.js';
import { readConfig, type CommandContext } from './context.js';
import type { ProviderRegistry } from '../config/load-config.js';

const fr = (x: number, digits = 2) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(x);

export const energyProbeCommand = async (ctx: CommandContext, args: { seconds: number; config?: string }, providers: ProviderRegistry): Promise<void> => {
  const energy = readConfig(ctx, providers, args.config).energy;
  const { inventory, sources } = await probeEnergySources({ ...(energy.cpuTdpW ? { cpuTdpW: energy.cpuTdpW } : {}), ...(energy.ramPowerW !== undefined ? { ramPowerW: energy.ramPowerW } : {}) });
  ctx.stdout.write(`Machine : ${inventory.cpuModel ?? 'processeur inconnu'}, ${inventory.logicalCpus} cœur(s) logique(s), ${fr(inventory.totalMemBytes / 1024 ** 3, 1)} Go de mémoire${inventory.virtual ? ', machine virtuelle' : ''}\n\n`);
  for (const s of sources) ctx.stdout.write(`${s.available ? '✓' : '✗'} ${s.component.toUpperCase()} — ${s.source} : ${s.reason}\n`);
  const meter = createEnergyMeter({ inventory, inProcess: true, ...(energy.cpuTdpW ? { cpuTdpW: energy.cpuTdpW } : {}), ...(energy.ramPowerW !== undefined ? { ramPowerW: energy.ramPowerW } : {}) });
  ctx.stdout.write(`\nSources retenues pour les modèles exécutés sur ce poste :\n`);
  for (const c of meter.sources) ctx.stdout.write(`  ${c.component} : ${c.method} (${c.measured ? 'mesure' : 'estimation'}, ${c.scope}) — ${c.detail}\n`);
  if (args.seconds > 0) {
    ctx.stdout.write(`\nMesure de la consommation au repos pendant ${args.seconds} s…\n`);
    meter.start();
    const b = await meter.baseline(args.seconds * 1000);
    meter.stop();
    for (const p of b.powerW) ctx.stdout.write(`  ${p.component} : ${p.watts === null ? 'inconnue' : `${fr(p.watts)} W`}\n`);
    ctx.stdout.write(`  (${b.samples} échantillons${b.flags.length > 0 ? ` ; ${b.flags.join(', ')}` : ''})\n`);
  }
  ctx.stdout.write(`\nToutes ces valeurs sont estimées sauf celles marquées « mesure » : ${sources.some((s) => s.available && (s.source === 'rapl' || s.source === 'nvidia-smi-power')) ? 'une mesure matérielle est disponible.' : 'aucune mesure matérielle (RAPL, nvidia-smi) n’est disponible ici.'}\n`);
};
