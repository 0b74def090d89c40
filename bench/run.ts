// npm run bench: prints the figures the issues ask for. Benchmarks print; they never pass or fail.
import { runCliBench } from './cli.js';

const sections: (() => Promise<string[]>)[] = [runCliBench];
for (const section of sections) {
  for (const line of await section()) console.log(line);
  console.log('');
}
