package io.runwatch.aws.dynamo;

import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoSchemaTest extends DynamoSchemaContract {
  @RegisterExtension static final DynamoDbLocal DYNAMO = new DynamoDbLocal();

  @Override
  DynamoDbClient client() {
    return DYNAMO.client();
  }
}
