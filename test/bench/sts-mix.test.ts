import {
  assignClasses,
  forwarded,
  mayCarryTags,
  measureStsMix,
  SESSION_CLASSES,
  stsEvent,
  STS_MIX,
} from '../../bench/sts-mix';
import { ACCOUNTS, REGIONS } from '../../bench/stream';

/** The STS mix the bench reports on: its proportions, and the forwarder's verdict on each class's event. */
describe('the benchmark STS mix', () => {
  test('sessions are drawn in exactly the stated proportions, and the same seed gives the same order', () => {
    const classes = assignClasses(2000, 3);
    for (const c of SESSION_CLASSES) expect(classes.filter((x) => x === c).length).toBe(STS_MIX[c] * 2000);
    expect(assignClasses(2000, 3)).toEqual(classes);
    expect(assignClasses(2000, 4)).not.toEqual(classes);
  });

  test('the forwarder keeps AWS-service AssumeRole without tags and passes every other class', () => {
    const account = ACCOUNTS[0];
    expect(forwarded(stsEvent('aws-service', account, 'eu-west-1', 0))).toBe(false);
    for (const c of SESSION_CLASSES.filter((x) => x !== 'aws-service')) {
      expect(forwarded(stsEvent(c, account, 'eu-west-1', 1))).toBe(true);
    }
  });

  test('only AWS-service roles are read as unable to carry session tags', () => {
    expect(SESSION_CLASSES.filter((c) => !mayCarryTags(c))).toEqual(['aws-service']);
  });

  test('the forwarded share is what the pattern passes of the drawn sessions', () => {
    const report = measureStsMix(1000, 5, ACCOUNTS, REGIONS);
    const passed = Object.values(report.classes).reduce((n, c) => n + c.forwarded, 0);
    expect(report.stsForwardedShare).toBeCloseTo(passed / 1000, 3);
    expect(report.classes['aws-service'].forwarded).toBe(0);
    expect(report.classes['eks-pod-identity'].forwarded).toBe(report.classes['eks-pod-identity'].sessions);
  });
});
