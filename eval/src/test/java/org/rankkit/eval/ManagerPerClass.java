package org.rankkit.eval;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A base {@link NDManager} shared by the tests of one class: opened before the first, closed after
 * the last. Register it as a static field with {@code @RegisterExtension}.
 */
final class ManagerPerClass implements BeforeAllCallback, AfterAllCallback {

  private NDManager manager;

  @Override
  public void beforeAll(ExtensionContext context) {
    manager = NDManager.newBaseManager();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    manager.close();
  }

  /** {@return the open manager} */
  NDManager get() {
    return manager;
  }
}
