// The /ops entry: the staff shell with the operators' page, bundled on its own so that uPlot ships with /ops
// only.
import { startDesk } from '../start.ts';
import { opsPage } from './ops.ts';

startDesk('ops', opsPage);
