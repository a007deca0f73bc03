import { searchSubjects } from '@/db/queries/subjects';
import { fillSubjects, openQueryBench, timeRuns } from './database';

/**
 * `npx tsx bench/subject-picker.ts [N]`: staff finding a person for a paper request or a transfer
 * (components/subject-picker.tsx) among N subjects (default 1,000,000) whose names repeat as real
 * ones do (bench/database.ts fillSubjects: one surname in ten). The session plans with generic
 * plans (the worst case a prepared statement meets); searchSubjects plans a name for its pattern.
 *
 * 1M subjects, 2026-12-02, load 11 (other engineers' tests), p50 / slowest of 10: one person
 * 61 / 119 ms, a surname held by one in ten 51 / 160, a first name 31 / 51, two letters ("Ли")
 * 29 / 57, no one 16 / 56, a number 19 / 48. Before (every match read and sorted by name): the
 * surname 335 ms, "Ли" 1.3 s, and with a generic plan 541 ms and 4.0 s.
 */
const SUBJECTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 10;

async function main() {
  const { client, db, close } = await openQueryBench('bench-picker');
  try {
    console.log(`filling: ${SUBJECTS.toLocaleString('en')} subjects…`);
    await fillSubjects(client, SUBJECTS);
    await client.unsafe('analyze');
    const searches: [string, string][] = [
      ['one person (full name)', 'Серікбаев Айгерім 10'],
      ['a surname (1 in 10)', 'Ахметова'],
      ['a Kazakh first name, lower case', 'гүлнара'],
      ['two letters', 'Ли'],
      ['no one', 'Такогоимени'],
      ['a rare part (number)', '12345'],
    ];
    for (const [name, query] of searches) {
      const timing = await timeRuns(() => searchSubjects(db, query), RUNS);
      const { found, many } = await searchSubjects(db, query);
      console.log(
        `${name} ("${query}"): ${found.length} shown${many ? ', more match' : ''}, p50 ${timing.p50.toFixed(1)} ms, slowest ${timing.max.toFixed(1)} ms`,
      );
    }
  } finally {
    await close();
  }
}

void main();
