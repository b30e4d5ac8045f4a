package io.runwatch.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps core hexagonal: the domain knows no cloud SDK and no adapter or CLI code. */
@AnalyzeClasses(packages = "io.runwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreUsesNoCloudSdk =
      noClasses()
          .that()
          .resideInAPackage("io.runwatch..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "software.amazon.awssdk..",
              "com.amazonaws..",
              "com.azure..",
              "com.microsoft.azure..",
              "com.google.cloud..",
              "io.cloudevents..")
          .because("cloud SDKs belong in the function modules' adapters");

  @ArchTest
  static final ArchRule domainDoesNotDependOnCli =
      noClasses()
          .that()
          .resideInAPackage("io.runwatch.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.runwatch.cli..")
          .because("the CLI is one adapter over core, like the functions");

  @ArchTest
  static final ArchRule modelIsPure =
      noClasses()
          .that()
          .resideInAPackage("io.runwatch.core.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.fasterxml.jackson..", "io.runwatch.core.ingest..")
          .because("the model is plain values, independent of how records are read");

  @ArchTest
  static final ArchRule onlyTheMaxMindAdapterKnowsTheMaxMindReader =
      noClasses()
          .that()
          .resideInAPackage("io.runwatch..")
          .and()
          .haveNameNotMatching("io\\.runwatch\\.core\\.geo\\.MaxMindNetworkLookup(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.maxmind..")
          .because("detection and learning see geo data through the NetworkLookup port");
}
