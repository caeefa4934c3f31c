package org.rankkit.testkit;

import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.rankkit.testkit.ContractRuns.assertFails;
import static org.rankkit.testkit.ContractRuns.run;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/**
 * Proves that the contract can fail: runs it through the JUnit Platform test kit against losses
 * with one deliberate defect each and asserts that the test aimed at that defect fails (and that
 * the correct reference loss passes every test).
 */
class ContractCatchesBrokenLossesTest {

  private static final List<String> CONTRACT_TESTS =
      List.of(
          "lossAndGradientAreFiniteOnRandomBatches",
          "lossAndGradientAreFiniteForSingletonsOneClassAndUnsortedLabels",
          "lossIsAScalarOfTheSimilaritiesDataType",
          "invariantToPermutingTheBatch",
          "invariantToRelabellingClasses",
          "exactlyZeroWithAllZeroGradientWhenNoQueryHasAPositive",
          "gradientMatchesCentralFiniteDifferences",
          "leavesNoNDArrays",
          "gradientDoesNotDependOnFreedMemory");

  @Test
  void referenceLossPassesEveryContractTestWhenRunThroughTheTestKit() {
    Events events = run(ReferenceLossContractTest.class);
    events.assertStatistics(s -> s.started(CONTRACT_TESTS.size()).succeeded(CONTRACT_TESTS.size()));
    for (String name : CONTRACT_TESTS) {
      events.assertThatEvents().haveExactly(1, event(test(name), finishedSuccessfully()));
    }
  }

  @Test
  void nanWithoutPositivesIsCaught() {
    assertFails(
        BrokenLossContracts.NanWithoutPositives.class,
        "exactlyZeroWithAllZeroGradientWhenNoQueryHasAPositive",
        "lossAndGradientAreFiniteForSingletonsOneClassAndUnsortedLabels");
  }

  @Test
  void orderDependenceIsCaught() {
    assertFails(BrokenLossContracts.OrderDependent.class, "invariantToPermutingTheBatch");
    assertFails(BrokenLossContracts.OrderDependentWithMix.class, "invariantToPermutingTheBatch");
  }

  @Test
  void labelValueDependenceIsCaught() {
    assertFails(BrokenLossContracts.LabelValueDependent.class, "invariantToRelabellingClasses");
    assertFails(
        BrokenLossContracts.LabelValueDependentWithMix.class, "invariantToRelabellingClasses");
  }

  @Test
  void wrongGradientIsCaught() {
    assertFails(BrokenLossContracts.WrongGradient.class, "gradientMatchesCentralFiniteDifferences");
  }

  @Test
  void freeingConstantsThatBackwardReadsIsCaught() {
    assertFails(
        BrokenLossContracts.FreesSavedConstants.class, "gradientDoesNotDependOnFreedMemory");
  }

  @Test
  void leakIsCaught() {
    assertFails(BrokenLossContracts.LeaksAnArray.class, "leavesNoNDArrays");
  }
}
