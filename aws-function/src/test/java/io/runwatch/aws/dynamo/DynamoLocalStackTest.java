package io.runwatch.aws.dynamo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every adapter contract again, against LocalStack's DynamoDB in a container: a second
 * implementation of the service, so a test that passes only because of DynamoDB Local's quirks
 * shows up. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class DynamoLocalStackTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.9"))
          .withServices("dynamodb");

  private static DynamoDbClient client;

  static synchronized DynamoDbClient localStack() {
    if (client == null) {
      client = DynamoDbLocal.client(LOCALSTACK.getEndpoint());
    }
    return client;
  }

  @AfterAll
  static synchronized void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Nested
  class Schema extends DynamoSchemaContract {
    @Override
    DynamoDbClient client() {
      return localStack();
    }
  }

  @Nested
  class Baselines extends DynamoBaselineStoreContract {
    @Override
    DynamoDbClient client() {
      return localStack();
    }
  }

  @Nested
  class Findings extends DynamoFindingStoreContract {
    @Override
    DynamoDbClient client() {
      return localStack();
    }
  }

  @Nested
  class Pending extends DynamoPendingCorrelationStoreContract {
    @Override
    DynamoDbClient client() {
      return localStack();
    }
  }

  @Nested
  class Journal extends DynamoEventJournalContract {
    @Override
    DynamoDbClient client() {
      return localStack();
    }
  }

  @Nested
  class Audit extends DynamoAuditLogContract {
    @Override
    DynamoDbClient client() {
      return localStack();
    }
  }
}
