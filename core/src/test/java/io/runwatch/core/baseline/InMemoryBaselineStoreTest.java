package io.runwatch.core.baseline;

import io.runwatch.core.port.BaselineStore;

class InMemoryBaselineStoreTest extends BaselineStoreContract {
  @Override
  protected BaselineStore newStore() {
    return new InMemoryBaselineStore();
  }
}
