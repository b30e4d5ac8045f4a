/**
 * DynamoDB adapters of core's storage ports: {@link io.runwatch.aws.dynamo.DynamoBaselineStore},
 * {@link io.runwatch.aws.dynamo.DynamoFindingStore}, {@link
 * io.runwatch.aws.dynamo.DynamoPendingCorrelationStore}, {@link
 * io.runwatch.aws.dynamo.DynamoEventJournal} and {@link io.runwatch.aws.dynamo.DynamoAuditLog}, one
 * table each, named by {@link io.runwatch.aws.dynamo.DynamoTables} from the function's environment.
 * Each adapter takes a {@code DynamoDbClient} (the functions build one, lazily, and share it) and
 * its table name; none creates tables: the Terraform module does, and the test class {@code
 * TestTables} is the reference it mirrors.
 *
 * <h2>Tables</h2>
 *
 * All PAY_PER_REQUEST, point-in-time recovery on, encrypted with KMS. Attribute names are exact.
 *
 * <table>
 *   <caption>Keys, attributes and expiry</caption>
 *   <tr><th>table (env)</th><th>key</th><th>attributes</th><th>TTL ({@code expiresAt}, N epoch s)</th></tr>
 *   <tr><td>baselines ({@code RUNWATCH_BASELINES_TABLE})</td><td>{@code scope} S</td>
 *       <td>{@code version} N; {@code baseline} B = gzip(BaselineJson UTF-8, without version)</td>
 *       <td>none: a baseline is kept</td></tr>
 *   <tr><td>findings ({@code RUNWATCH_FINDINGS_TABLE})</td><td>{@code id} S</td>
 *       <td>{@code json} S (FindingJson); {@code storedAt}, {@code notifiedAt} (optional) S ISO-8601;
 *       {@code severity} S; {@code account} S (absent when unknown)</td>
 *       <td>storedAt + 400 days</td></tr>
 *   <tr><td>pending ({@code RUNWATCH_PENDING_TABLE})</td><td>{@code id} S</td>
 *       <td>{@code version}, {@code attempts} N; {@code account}, {@code baseline}, {@code
 *       firstSeen}, {@code deadline} S; {@code commandId} S (optional); {@code event} B.
 *       GSI {@code byCommandId}: hash {@code commandId}, projection KEYS_ONLY</td>
 *       <td>deadline + 1 day</td></tr>
 *   <tr><td>journal ({@code RUNWATCH_JOURNAL_TABLE})</td><td>{@code scope} S + sort {@code at} S</td>
 *       <td>{@code at} = {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ#<key>}; {@code event} B; {@code key} S</td>
 *       <td>event time + 2 days</td></tr>
 *   <tr><td>audit ({@code RUNWATCH_AUDIT_TABLE})</td><td>{@code id} S</td>
 *       <td>{@code time} S ISO-8601; {@code caller}, {@code action}, {@code mode}, {@code decision},
 *       {@code findingId}, {@code reason} S (each absent when null); {@code details} M of S</td>
 *       <td>none: audit records are kept</td></tr>
 * </table>
 *
 * <h2>Why each condition</h2>
 *
 * <ul>
 *   <li><b>baselines</b>: PutItem with {@code attribute_not_exists(scope)} (first save) or {@code
 *       version = :expected}, writing {@code expected + 1}. Two invocations that loaded one version
 *       cannot both write: the loser gets {@code false}, reloads (strongly consistent) and
 *       re-applies, so no learning is lost.
 *   <li><b>findings</b>: PutItem with {@code attribute_not_exists(id)}: a finding's id is
 *       deterministic, so a redelivered event must not store it twice nor notify twice. The loser
 *       reads the stored item from the failure itself ({@code
 *       ReturnValuesOnConditionCheckFailure=ALL_OLD}; a consistent GetItem where an emulator omits
 *       it) and answers {@code STORED_NOT_NOTIFIED} or {@code ALREADY_NOTIFIED} from {@code
 *       notifiedAt}. {@code markNotified} is an UpdateItem conditional on {@code
 *       attribute_exists(id)}, so an expired finding is not recreated as a stub.
 *   <li><b>pending</b>: {@code putIfAbsent} writes version 1 if {@code attribute_not_exists(id)};
 *       {@code update} writes {@code p} if {@code version = p.version() - 1}; {@code delete}
 *       removes it if {@code version = :version}. The status event's re-check and the scheduled one
 *       race for the same command; the version makes exactly one of them settle it. {@code
 *       byCommandId} reads ids from the KEYS_ONLY index, then each item with a consistent GetItem,
 *       because the index is only eventually consistent and the caller writes conditionally on the
 *       version it reads. {@code oldest} scans (paginated, consistent) and sorts by {@code
 *       firstSeen}: the table holds only commands awaiting late telemetry, each for at most its
 *       deadline, so it stays small by design.
 *   <li><b>journal</b>: PutItem with {@code attribute_not_exists(at)}: appends are idempotent per
 *       scope, time and key; a redelivery answers {@code false}. The time is fixed-width (always
 *       nine fraction digits; {@code ISO_INSTANT} drops zero fractions and would sort {@code :05Z}
 *       after {@code :05.5Z}), so lexical order is time order. {@code since} queries {@code scope =
 *       :s AND at >= :from} newest first, follows pages until it holds {@code limit}, and reverses:
 *       the port wants the newest {@code limit}, oldest first.
 *   <li><b>audit</b>: PutItem with {@code attribute_not_exists(id)}: an audit record is never
 *       overwritten; a duplicate id raises {@link
 *       io.runwatch.aws.dynamo.AuditRecordExistsException}.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * A failed condition is an answer, never an exception (except for the audit log, where it is a
 * bug). Every other failure is a {@link io.runwatch.aws.dynamo.DynamoStoreException} naming the
 * operation, table and key, the service's error code and whether a retry may help; a missing table
 * is a {@link io.runwatch.aws.dynamo.DynamoTableNotFoundException}; an item the adapter cannot read
 * is a {@link io.runwatch.aws.dynamo.DynamoItemFormatException} naming the attribute. Messages
 * never carry item content (the service's own message, which may quote values, stays in the cause).
 * The baseline store raises core's {@code BaselineStoreException} as the file store does, caused by
 * core's {@code BaselineFormatException} for an unreadable item or by the {@code
 * DynamoStoreException} for a failed call.
 */
package io.runwatch.aws.dynamo;
