// The /ops entry: the desk shell (src/web/staff) with the operators' page, bundled on its own so that uPlot
// ships with /ops only.
import { startDesk } from '../staff/start.ts';
import { opsPage } from './page.ts';

startDesk('ops', opsPage);
