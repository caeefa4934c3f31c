package org.rankkit.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a contract's test class through the JUnit Platform test kit, to prove that the contract
 * fails where it should: RankKit's own proofs run every contract against implementations with one
 * deliberate defect each, and a plugin author can do the same for checks of their own.
 */
public final class ContractRuns {

  private ContractRuns() {}

  /**
   * Runs every test of a class with JUnit Jupiter.
   *
   * @param contract a (usually nested, static) test class
   * @return the test events, for assertions on them
   */
  public static Events run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(contract))
        .execute()
        .testEvents();
  }

  /**
   * Runs a test class and asserts that each named test failed exactly once.
   *
   * @param contract a test class with a deliberate defect
   * @param failingTests the test methods aimed at that defect
   */
  public static void assertFails(Class<?> contract, String... failingTests) {
    Events events = run(contract);
    for (String name : failingTests) {
      events.assertThatEvents().haveExactly(1, event(test(name), finishedWithFailure()));
    }
  }
}
