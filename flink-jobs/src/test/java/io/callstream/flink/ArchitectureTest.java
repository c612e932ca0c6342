package io.callstream.flink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps DESIGN.md's module picture true: the job jar runs on a Flink cluster, never Spring. */
@AnalyzeClasses(
    packages = "io.callstream.flink",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule flinkJobsShouldNotDependOnSpring =
      noClasses()
          .that()
          .resideInAPackage("io.callstream.flink..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework..")
          .because("flink-jobs runs on a Flink cluster, where no Spring context exists");
}
