// Passwords for `ykt staff add` and `ykt staff passwd`: typed at a prompt that does not echo, or read
// from stdin when it is not a terminal (`… < file`, a pipe from a secret manager). Never from argv,
// which every user of the machine can read in the process list and the shell keeps in its history.

const MIN_LENGTH = 10;

/** The first line of stdin, when stdin is a pipe or a file. */
async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** One line typed at the terminal, shown as nothing. */
function typeUnseen(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * A new password: typed twice at a terminal, or the first line of stdin; at least 10 characters.
 * @example const password = await readNewPassword(); // `printf '%s\n' "$PW" | ykt staff passwd li.ming`
 */
export async function readNewPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await typeUnseen('New password: ');
    if ((await typeUnseen('Again: ')) !== password) throw new Error('the two passwords differ');
  } else {
    password = await firstLineOfStdin();
  }
  if ([...password].length < MIN_LENGTH) throw new Error(`the password must have at least ${MIN_LENGTH} characters (typed at the prompt, or the first line of stdin)`);
  return password;
}
