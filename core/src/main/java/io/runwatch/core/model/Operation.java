package io.runwatch.core.model;

/** A control-plane action that runs or stages code inside a VM, normalized across clouds. */
public enum Operation {
  // AWS Systems Manager
  SEND_COMMAND(Cloud.AWS, Effect.EXECUTES),
  START_SESSION(Cloud.AWS, Effect.INTERACTIVE),
  RESUME_SESSION(Cloud.AWS, Effect.INTERACTIVE),
  CREATE_ASSOCIATION(Cloud.AWS, Effect.SCHEDULES),
  UPDATE_ASSOCIATION(Cloud.AWS, Effect.SCHEDULES),
  START_ASSOCIATIONS_ONCE(Cloud.AWS, Effect.EXECUTES),
  CREATE_DOCUMENT(Cloud.AWS, Effect.STAGES),
  UPDATE_DOCUMENT(Cloud.AWS, Effect.STAGES),
  // Azure
  RUN_COMMAND_ACTION(Cloud.AZURE, Effect.EXECUTES),
  MANAGED_RUN_COMMAND(Cloud.AZURE, Effect.EXECUTES),
  CUSTOM_SCRIPT_EXTENSION(Cloud.AZURE, Effect.EXECUTES),
  // GCP
  PATCH_JOB(Cloud.GCP, Effect.EXECUTES),
  PATCH_DEPLOYMENT(Cloud.GCP, Effect.SCHEDULES),
  OS_POLICY_ASSIGNMENT(Cloud.GCP, Effect.SCHEDULES),
  STARTUP_SCRIPT_CHANGE(Cloud.GCP, Effect.SCHEDULES);

  private final Cloud cloud;
  private final Effect effect;

  Operation(Cloud cloud, Effect effect) {
    this.cloud = cloud;
    this.effect = effect;
  }

  public Cloud cloud() {
    return cloud;
  }

  public Effect effect() {
    return effect;
  }
}
