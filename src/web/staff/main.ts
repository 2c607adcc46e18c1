// The desktop staff pages' entry: one bundle serves /staff, /outlet and /service; <html data-desk> says which.
import type { DeskName, DeskPage } from './desk.ts';
import { outletPage } from './pages/outlet.ts';
import { servicePage } from './pages/service.ts';
import { stationPage } from './pages/station.ts';
import { startDesk } from './start.ts';

// /ops has its own entry (src/web/ops/main.ts), so that uPlot ships with it alone.
const PAGES: Record<Exclude<DeskName, 'ops'>, DeskPage> = { staff: stationPage, outlet: outletPage, service: servicePage };

const requested = document.documentElement.dataset.desk;
const name: Exclude<DeskName, 'ops'> = requested === 'outlet' || requested === 'service' ? requested : 'staff';
startDesk(name, PAGES[name]);
