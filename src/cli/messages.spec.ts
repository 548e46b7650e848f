import { describe, expect, it } from 'vitest';
import { usageMessage } from './messages.js';

describe('usageMessage', () => {
  it('spells the library names as CLI flags, without doubling dashes the model already wrote', () => {
    expect(usageMessage("knob 'walk-lock' does not apply")).toBe('--walk-lock does not apply');
    expect(usageMessage("knob '--inc-barrier' does not apply to variant x")).toBe('--inc-barrier does not apply to variant x');
    expect(usageMessage("unknown knob '--nope' (knobs: a, b)")).toBe('unknown option --nope (knobs: a, b)');
    expect(usageMessage("unknown knob 'nope'")).toBe('unknown option --nope');
  });
});
