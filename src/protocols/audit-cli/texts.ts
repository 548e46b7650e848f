/** The audit protocol's `--help` texts: what audit-check checks, and the exit statuses of its commands. */

export const TEXTS = {
  about: 'Exhaustive model checker for the Linux TIF_SYSCALL_AUDIT protocol (Feb 2014).',
  epilog:
    'Exit status: 0 done (check: every property holds; replay: the violation is still reached; litmus check: Forbidden), ' +
    '1 a violation (replay: no longer reached; litmus check: the condition is Allowed), 2 bad usage, 3 incomplete (a limit or Ctrl-C), 4 internal error.',
  checkUsage: '$0 check --variant V [--invariant I ...] [options]',
  checkEpilog:
    'Exit status: 0 every property holds, 1 a property is violated, 2 bad usage or the counterexamples ' +
    'could not be written (verdicts are printed first), 3 incomplete (a limit or Ctrl-C; through npx, ' +
    'npm reports Ctrl-C as 130), 4 internal error. Counterexamples go to DIR/ for the default ' +
    'configuration and to DIR/<key>=<value>,.../ otherwise. Knob defaults are per variant, as listed ' +
    'above and by `audit-check list`.',
  matrixEpilog: (out: string): string =>
    'Exit status: 0 every check completed (whatever the verdicts), 2 bad usage or the counterexamples ' +
    'could not be written (verdicts are printed first), 3 some check incomplete (a limit or Ctrl-C; ' +
    'through npx, npm reports Ctrl-C as 130), 4 internal error. Counterexamples go to ' +
    `${out}/ (or --out DIR) for the default configuration, and to ${out}/<key>=<value>,.../ ` +
    'for any other, e.g. counterexamples/preempt=full/. Knobs not given take each variant\'s default ' +
    '(audit-check list).',
  symmetryLiveness: ' (--syscalls unbounded checks fast-path-restored and slow-path-taken by default)',
};
