import { describe, expect, it } from 'vitest';
import { RoundLoop } from './round-loop.js';

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('RoundLoop', () => {
  it('goes again at once while a round reports more work, then waits until woken; stop() ends it', async () => {
    const replies = [true, true, false, false];
    let rounds = 0;
    const loop = new RoundLoop(async () => replies[rounds++] ?? false, 3_600_000, () => {});
    loop.start();
    await until(() => rounds === 3); // two with more work, then one that leads to the (hour-long) wait
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rounds).toBe(3);
    loop.wake();
    await until(() => rounds === 4);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it('reports a failed round and waits as after an empty one', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new RoundLoop(async () => {
      rounds++;
      throw new Error('database gone');
    }, 3_600_000, (error) => errors.push(error));
    loop.start();
    await until(() => errors.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rounds).toBe(1);
    await loop.stop();
    expect((errors[0] as Error).message).toBe('database gone');
  });
});
