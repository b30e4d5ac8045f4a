package io.runwatch.aws.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every adapter contract test shares: the DynamoDB-compatible server under test (DynamoDB
 * Local or LocalStack, chosen by the concrete subclass), fresh tables per test, raw item access to
 * check what was really written, and a starting gate for races.
 */
abstract class DynamoContract {
  static final int RACERS = 8;

  /** Tables created for this test only, exactly as the contract defines them. */
  DynamoTables tables;

  /** A client of the server under test. */
  abstract DynamoDbClient client();

  @BeforeEach
  void createTables() {
    tables = TestTables.unique();
    TestTables.create(client(), tables);
  }

  /** The item as stored, read past the adapter. */
  Map<String, AttributeValue> rawItem(String table, Map<String, AttributeValue> key) {
    return client().getItem(g -> g.tableName(table).key(key).consistentRead(true)).item();
  }

  void putRaw(String table, Map<String, AttributeValue> item) {
    client().putItem(p -> p.tableName(table).item(item));
  }

  /** A table name that exists nowhere. */
  static String missingTable() {
    return "rw-missing-" + System.nanoTime();
  }

  /**
   * Runs {@code racer(i)} for {@link #RACERS} threads released at the same instant, and returns
   * their results in racer order.
   */
  static <T> List<T> race(IntFunction<Callable<T>> racer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch ready = new CountDownLatch(RACERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        Callable<T> task = racer.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.call();
                }));
      }
      ready.await(30, TimeUnit.SECONDS);
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
