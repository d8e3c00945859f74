// Prints a test token: npx tsx reference/cli/signToken.ts --secret <s> --user <id> [--expires-in 3600]
import { Command } from 'commander';
import { signTestToken } from '../signTestToken.ts';

const program = new Command('sign-token')
  .description('Print an HS256 access token the reference backend accepts.')
  .requiredOption('--secret <secret>', 'the secret the backend printed')
  .requiredOption('--user <id>', 'the user id (the sub claim)')
  .option('--email <email>', 'the email claim')
  .option('--expires-in <seconds>', 'lifetime in seconds', (value) => Number(value), 3600)
  .action(async (options: { secret: string; user: string; email?: string; expiresIn: number }) => {
    const token = await signTestToken({
      secret: options.secret,
      userId: options.user,
      expiresInSeconds: options.expiresIn,
      ...(options.email === undefined ? {} : { email: options.email }),
    });
    process.stdout.write(`${token}\n`);
  });
await program.parseAsync(process.argv);
