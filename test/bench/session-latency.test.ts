import { DEFAULT_LATENCY, measureLatency, waitsFor } from '../../bench/session-latency';
import { SESSION_CLASSES } from '../../bench/sts-mix';

/** The queue model behind the latency figures: the tagger's real wait decision, visibility-timeout steps. */
describe('create→tag latency model', () => {
  const report = measureLatency({
    ...DEFAULT_LATENCY,
    sessions: 2000,
    visibilityTimeoutSeconds: 360,
    deliveryWindowSeconds: 900,
  });

  test('the tagger waits for every class but AWS-service sessions, whose roles cannot carry tags', () => {
    expect(SESSION_CLASSES.filter((c) => !waitsFor(c, '111111111111'))).toEqual(['aws-service']);
  });

  test('sessions that cannot carry tags are tagged on first delivery, with or without an STS event', () => {
    expect(report.byClass['aws-service'].maxSeconds).toBe(0);
    expect(report.noStsEvent['aws-service'].maxSeconds).toBe(0);
    expect(report.latencyP99NoTagSessionsSeconds).toBe(0);
  });

  test('a waited session is tagged in visibility-timeout steps, and without its record only past the window', () => {
    for (const c of SESSION_CLASSES.filter((x) => x !== 'aws-service')) {
      expect(report.byClass[c].p99Seconds % 360).toBe(0);
      expect(report.byClass[c].withRecord).toBe(report.byClass[c].sessions);
      expect(report.noStsEvent[c].p50Seconds).toBeGreaterThanOrEqual(360);
      expect(report.noStsEvent[c].maxSeconds).toBeLessThanOrEqual(900 + 360);
    }
  });
});
