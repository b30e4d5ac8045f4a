package io.runwatch.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.runwatch.core.ingest.PayloadReport;
import io.runwatch.core.render.CountsLine;
import java.util.logging.Logger;

/**
 * Cloud Functions (gen2) target on the Pub/Sub topic of a Log Router sink that selects the audit
 * entries of VM command mechanisms: Eventarc delivers each message as a {@code
 * google.cloud.pubsub.topic.v1.messagePublished} CloudEvent.
 *
 * <p>Returns normally for unreadable messages: throwing would make Pub/Sub redeliver a message that
 * can only fail again. The summary line counts them.
 */
public final class DetectFunction implements CloudEventsFunction {
  private static final Logger LOG = Logger.getLogger(DetectFunction.class.getName());

  @Override
  public void accept(CloudEvent event) {
    CloudEventData data = event.getData();
    PayloadReport found = LogSinkDetection.detect(data == null ? null : data.toBytes());
    LOG.info(new CountsLine("DetectFunction").add(found).line());
  }
}
