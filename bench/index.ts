// `npm run bench [-- --only bundle|top-bar|auction|leads|notify|marketplace] [--check]`: numbers next to a baseline measured in the same run.
// --check exits 1 when a size budget is missed (CI runs `--only bundle --check`, D25/D26).
import { existsSync } from 'node:fs';
import { auctionReport } from './auction.js';
import { bundleReport } from './bundle.js';
import { leadsReport } from './leads.js';
import { marketplaceReport } from './marketplace.js';
import { notifyReport } from './notify.js';
import { topBarReport } from './top-bar.js';
import { targets } from '../server/test/databases.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const check = args.includes('--check');
let failures: string[] = [];

if (!only || only === 'bundle') {
  if (!existsSync('dist/embed.js')) {
    console.error('dist/ is not built: run `npm run build` first');
    process.exit(1);
  }
  const report = bundleReport();
  console.log(report.lines.join('\n'));
  failures = failures.concat(report.failures);
}
if (!only || only === 'top-bar') {
  for (const target of targets) console.log(`\n${(await topBarReport(target)).join('\n')}`);
}
if (!only || only === 'auction') {
  for (const target of targets) console.log(`\n${(await auctionReport(target)).join('\n')}`);
}
if (!only || only === 'leads') {
  for (const target of targets) console.log(`\n${(await leadsReport(target)).join('\n')}`);
}
if (!only || only === 'notify') {
  for (const target of targets) console.log(`\n${(await notifyReport(target)).join('\n')}`);
}
if (!only || only === 'marketplace') {
  for (const target of targets) console.log(`\n${(await marketplaceReport(target)).join('\n')}`);
}
if (failures.length) {
  console.log(`\nBudget misses:\n  ${failures.join('\n  ')}`);
  if (check) process.exit(1);
}
