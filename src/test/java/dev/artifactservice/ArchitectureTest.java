package dev.artifactservice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The one-line direction of the code, checked on the compiled classes: web boundary (resources, the page, problem
 * mapping, the OpenAPI filter, health checks) → feature services → domain (entities and rules) → infrastructure
 * ({@code storage}, {@code zip}, {@code io}, {@code http}, {@code failure}, {@code telemetry}, {@code schema},
 * {@code security}); no package cycle.
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.artifactservice");

    /** Packages that hold only infrastructure: they may use one another, never a feature or the web boundary. */
    private static final String[] INFRASTRUCTURE = {"..storage..", "..zip..", "..io..", "..http..", "..failure..",
        "..telemetry..", "..schema..", "..security.."};

    /** Feature packages: services, their domain and repositories, and (as boundary classes) their resources. */
    private static final String[] FEATURES = {"..artifact..", "..audit..", "..bundle..", "..download..",
        "..organization..", "..presign..", "..purge..", "..quota..", "..reconcile..", "..retention..", "..session.."};

    /** The web boundary: JAX-RS resources wherever they live, and the web, apidoc and health packages. */
    private static final DescribedPredicate<JavaClass> BOUNDARY = DescribedPredicate.describe("the web boundary",
        c -> c.getPackageName().startsWith("dev.artifactservice.") && isBoundary(c));

    private static boolean isBoundary(JavaClass c) {
        return c.getPackageName().startsWith("dev.artifactservice.web")
            || c.getPackageName().startsWith("dev.artifactservice.apidoc")
            || c.getPackageName().startsWith("dev.artifactservice.health")
            || c.getSimpleName().endsWith("Resource")
            || c.getEnclosingClass().map(e -> e.getSimpleName().endsWith("Resource")).orElse(false);
    }

    static final ArchRule NO_PACKAGE_CYCLE = slices().matching("dev.artifactservice.(*)..").should().beFreeOfCycles();

    static final ArchRule NOTHING_BELOW_THE_BOUNDARY_USES_IT = noClasses()
        .that(DescribedPredicate.not(BOUNDARY)).and().resideOutsideOfPackage("dev.artifactservice")
        .should().dependOnClassesThat(BOUNDARY);

    static final ArchRule INFRASTRUCTURE_USES_NO_FEATURE = noClasses()
        .that().resideInAnyPackage(INFRASTRUCTURE)
        .should().dependOnClassesThat().resideInAnyPackage(FEATURES);

    @Test
    void thePackagesFormNoCycle() {
        NO_PACKAGE_CYCLE.check(SERVICE);
    }

    @Test
    void nothingBelowTheWebBoundaryDependsOnIt() {
        NOTHING_BELOW_THE_BOUNDARY_USES_IT.check(SERVICE);
    }

    @Test
    void infrastructureDependsOnNoFeature() {
        INFRASTRUCTURE_USES_NO_FEATURE.check(SERVICE);
    }

    @Test
    void storageAndSecurityImportNothingFromWeb() {
        noClasses().that().resideInAnyPackage("..storage..", "..security..")
            .should().dependOnClassesThat().resideInAPackage("dev.artifactservice.web..").check(SERVICE);
    }

    /** The cycle rule is not vacuous: two fixture packages that use each other fail it. */
    @Test
    void theCycleRuleFailsOnACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.artifactservice.archfixture");
        assertThrows(AssertionError.class, () -> slices().matching("dev.artifactservice.archfixture.(*)..")
            .should().beFreeOfCycles().check(fixture));
    }
}
