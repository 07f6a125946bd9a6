// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onLeave } from '../../src/transport/leave.js';

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); // as browsers fire it
};

const pageshow = (persisted: boolean) => {
  const e = new Event('pageshow');
  Object.defineProperty(e, 'persisted', { value: persisted });
  window.dispatchEvent(e);
};

afterEach(() => {
  delete (document as { visibilityState?: unknown }).visibilityState;
});

describe('onLeave', () => {
  it('calls leave with the (truthy) pagehide event: the page is going away', () => {
    const leave = vi.fn();
    onLeave(window, leave, () => {});
    const e = new Event('pagehide');
    window.dispatchEvent(e);
    expect(leave).toHaveBeenCalledTimes(1);
    expect(leave).toHaveBeenCalledWith(e);
  });

  it('calls leave() (not gone) when the page becomes hidden, not when it becomes visible', () => {
    const leave = vi.fn();
    onLeave(window, leave, () => {});
    setVisibility('visible');
    expect(leave).not.toHaveBeenCalled();
    setVisibility('hidden');
    expect(leave).toHaveBeenCalledTimes(1);
    expect(leave.mock.calls[0]).toEqual([]);
  });

  it('calls back when the page returns from the back/forward cache, not on a first pageshow', () => {
    const back = vi.fn();
    onLeave(window, () => {}, back);
    pageshow(false);
    expect(back).not.toHaveBeenCalled();
    pageshow(true);
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('calls back when a hidden page is shown again (its beaconed events are sent again)', () => {
    const back = vi.fn();
    const leave = vi.fn();
    onLeave(window, leave, back);
    setVisibility('hidden');
    expect(back).not.toHaveBeenCalled();
    setVisibility('visible');
    expect(back).toHaveBeenCalledTimes(1);
    expect(leave).toHaveBeenCalledTimes(1);
  });
});
