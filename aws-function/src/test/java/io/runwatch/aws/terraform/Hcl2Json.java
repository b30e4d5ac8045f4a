package io.runwatch.aws.terraform;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tools/node/hcl2json.mjs}, the CI syntax check of the Terraform files: Terraform
 * cannot be installed on the build machines, so HashiCorp's HCL parser (npm
 * {@code @cdktf/hcl2json}) parses every {@code .tf} file into JSON the tests can read.
 */
final class Hcl2Json {
  /** Exit code, stdout and stderr of one run of the script. */
  record Run(int exitCode, String stdout, String stderr) {}

  private Hcl2Json() {}

  static Path repo() {
    return Path.of(requiredProperty("runwatch.repo"));
  }

  static Path tools() {
    return Path.of(requiredProperty("runwatch.tools"));
  }

  /**
   * Skips the calling test, saying why, when the script cannot run here: no {@code node} on PATH,
   * or {@code tools/node/install.sh} has not installed {@code @cdktf/hcl2json}.
   */
  static void assumeAvailable() {
    assumeTrue(
        nodeOnPath(), "node is not on PATH: the Terraform syntax check (hcl2json) cannot run");
    assumeTrue(
        Files.isDirectory(tools().resolve("node_modules/@cdktf/hcl2json")),
        "tools/node/node_modules/@cdktf/hcl2json is missing: run bash tools/node/install.sh");
  }

  /** Parses every {@code .tf} file under {@code terraformDir} into {@code outDir}. */
  static Run run(Path terraformDir, Path outDir) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("hcl2json", ".out");
    Path stderr = Files.createTempFile("hcl2json", ".err");
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      "node",
                      tools().resolve("hcl2json.mjs").toString(),
                      terraformDir.toString(),
                      outDir.toString()))
              .directory(repo().toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("hcl2json.mjs did not finish within 120 s");
      }
      return new Run(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static boolean nodeOnPath() {
    try {
      Process process =
          new ProcessBuilder("node", "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set (the aws-function pom sets it for surefire)");
    }
    return value;
  }
}
