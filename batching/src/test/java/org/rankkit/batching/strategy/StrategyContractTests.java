package org.rankkit.batching.strategy;

import org.junit.jupiter.api.Nested;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.testkit.BatchStrategyContract;

/** The built-in strategies under the test kit's {@link BatchStrategyContract}. */
class StrategyContractTests {

  @Nested
  class Plain implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return new PlainStrategy(PlainStrategyConfig.DEFAULTS);
    }
  }

  @Nested
  class PlainInTrainingMode implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return new PlainStrategy(new PlainStrategyConfig(false));
    }
  }

  @Nested
  class MemoryBoundedChunkOfOne implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(1));
    }
  }

  @Nested
  class MemoryBoundedChunkOfFour implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return new MemoryBoundedStrategy(MemoryBoundedConfig.ofChunk(4));
    }
  }

  @Nested
  class MemoryBoundedByBudget implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return new MemoryBoundedStrategy(new MemoryBoundedConfig(64, 2_000, true));
    }
  }
}
