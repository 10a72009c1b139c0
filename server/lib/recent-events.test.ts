import { describe, expect, it } from 'vitest';
import { InProcessEventBus, type EventBus, type EventListener } from './events.js';
import { RecentEvents } from './recent-events.js';

const event = (n: number) => ({ type: 'wallet.updated' as const, providerId: 'prv', customerId: 'cus', data: { n } });

describe('RecentEvents', () => {
  it('replays the events after an id still in the ring, oldest first, and answers null for one pushed out', () => {
    const bus = new InProcessEventBus();
    const ids: string[] = [];
    bus.subscribe((_, id) => ids.push(id));
    const recent = new RecentEvents(bus, 3);
    for (let n = 1; n <= 5; n++) bus.publish(event(n));

    expect(recent.after(ids[1]!)).toBeNull(); // event 2 was pushed out by 5
    expect(recent.after(ids[2]!)?.map((e) => e.event.data.n)).toEqual([4, 5]);
    expect(recent.after(ids[4]!)).toEqual([]);
    expect(recent.after('never-published')).toBeNull();
    recent.close();
    bus.publish(event(6));
    expect(recent.after(ids[4]!)).toEqual([]); // closed: no longer listening
  });

  it('forgets everything after a gap, so a resume becomes a resync', () => {
    let gap = () => {};
    let deliver: EventListener = () => {};
    const bus: EventBus = {
      publish: () => {},
      subscribe: (listener) => ((deliver = listener), () => {}),
      onGap: (listener) => ((gap = listener), () => {}),
    };
    const recent = new RecentEvents(bus, 10);
    deliver(event(1), 'a.1');
    deliver(event(2), 'a.2');
    expect(recent.after('a.1')).toHaveLength(1);
    gap();
    expect(recent.after('a.1')).toBeNull();
    deliver(event(3), 'a.3');
    expect(recent.after('a.3')).toEqual([]);
  });
});
