package io.callstream.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps DESIGN.md's module picture true: {@code core} is used by every module and imports none. */
@AnalyzeClasses(
    packages = "io.callstream.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreShouldNotDependOnSpring =
      noClasses()
          .that()
          .resideInAPackage("io.callstream.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework..")
          .because("core is shared with flink-jobs, which never runs Spring");

  @ArchTest
  static final ArchRule coreShouldNotDependOnFlink =
      noClasses()
          .that()
          .resideInAPackage("io.callstream.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.flink..")
          .because("core is shared with ingest and query-api, which never run Flink");
}
