// `ykt`: one command for everything an operator or developer runs from a shell (the commands: program.ts).
import { runYkt } from './program.ts';

await runYkt(process.argv);
