// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onLeave } from '../../src/transport/leave.js';

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
};

afterEach(() => {
  delete (document as { visibilityState?: unknown }).visibilityState;
});

describe('onLeave', () => {
  it('calls leave on pagehide', () => {
    const leave = vi.fn();
    onLeave(window, leave);
    window.dispatchEvent(new Event('pagehide'));
    expect(leave).toHaveBeenCalledTimes(1);
  });

  it('calls leave when the page becomes hidden, not when it becomes visible', () => {
    const leave = vi.fn();
    onLeave(window, leave);
    setVisibility('visible');
    expect(leave).not.toHaveBeenCalled();
    setVisibility('hidden');
    expect(leave).toHaveBeenCalledTimes(1);
  });
});
