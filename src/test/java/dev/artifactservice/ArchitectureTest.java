package dev.artifactservice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The one-line direction of the code, checked on the compiled classes: web boundary (resources, the page, problem
 * mapping, the OpenAPI filter, health checks) → feature services → domain (entities and rules) → infrastructure
 * ({@code storage}, {@code zip}, {@code io}, {@code http}, {@code failure}, {@code telemetry}, {@code schema},
 * {@code security}, {@code database}); no package cycle. Data access: SQL only in repositories (one query style
 * each), which join the transaction a service began and never begin one, and in readers ({@code *Reader}: one
 * plain JDBC read on the hot path, outside any transaction).
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.artifactservice");

    /** Packages that hold only infrastructure: they may use one another, never a feature or the web boundary. */
    private static final String[] INFRASTRUCTURE = {"..storage..", "..zip..", "..io..", "..http..", "..failure..",
        "..telemetry..", "..schema..", "..security..", "..database.."};

    /** Feature packages: services, their domain and repositories, and (as boundary classes) their resources. */
    private static final String[] FEATURES = {"..artifact..", "..audit..", "..bundle..", "..diff..", "..download..",
        "..organization..", "..presign..", "..purge..", "..quota..", "..reconcile..", "..retention..", "..session..",
        "..share.."};

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

    /** Classes that may talk to PostgreSQL: repositories, plus the infrastructure that owns locks and the schema. */
    private static boolean mayUseTheDatabase(JavaClass c) {
        String name = c.getName();
        return c.getSimpleName().endsWith("Repository") || c.getSimpleName().endsWith("Reader")
            || name.equals("dev.artifactservice.storage.WriteIntents") // the write_intents table's repository
            || c.getPackageName().equals("dev.artifactservice.database")
            || c.getPackageName().equals("dev.artifactservice.schema") // Flyway
;
    }

    private static final DescribedPredicate<JavaClass> DATABASE_API = DescribedPredicate.describe(
        "the EntityManager or JDBC", c -> c.getName().equals("jakarta.persistence.EntityManager")
            || c.getPackageName().equals("java.sql") || c.getPackageName().equals("javax.sql"));

    static final ArchRule SQL_ONLY_IN_REPOSITORIES = noClasses()
        .that(DescribedPredicate.describe("are not repositories", c -> !mayUseTheDatabase(c)))
        .should().dependOnClassesThat(DATABASE_API);

    static final ArchRule RESOURCES_TOUCH_NO_REPOSITORY_NOR_S3 = noClasses().that(BOUNDARY)
        .should().dependOnClassesThat(DescribedPredicate.describe("repositories, the EntityManager, JDBC or S3",
            c -> c.getSimpleName().endsWith("Repository") || DATABASE_API.test(c)
                || c.getPackageName().startsWith("software.amazon.awssdk")));

    /** A repository joins its caller's transaction: {@code @Transactional(MANDATORY)} on the class, on no method. */
    static final ArchRule REPOSITORIES_BEGIN_NO_TRANSACTION = classes()
        .that().haveSimpleNameEndingWith("Repository")
        .should(new ArchCondition<JavaClass>("be @Transactional(MANDATORY) and begin no transaction of their own") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean mandatory = c.tryGetAnnotationOfType(Transactional.class)
                    .map(t -> t.value() == Transactional.TxType.MANDATORY).orElse(false);
                if (!mandatory) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is not @Transactional(MANDATORY)"));
                }
                c.getMethods().stream().filter(m -> m.isAnnotatedWith(Transactional.class)).forEach(m ->
                    events.add(SimpleConditionEvent.violated(m, m.getFullName() + " declares its own transaction")));
            }
        });

    /**
     * A reader ({@code *Reader}) reads outside any transaction with plain JDBC: no {@code @Transactional} on it or its
     * methods (a transaction would be begun for a read that needs none) and no EntityManager (whose reads outside a
     * transaction EclipseLink retries after a lost connection, past the bounded wait).
     */
    static final ArchRule READERS_USE_NO_TRANSACTION = classes()
        .that().haveSimpleNameEndingWith("Reader").and().resideOutsideOfPackage("java..")
        .should(new ArchCondition<JavaClass>("declare no transaction and use no EntityManager") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (c.isAnnotatedWith(Transactional.class)) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " is @Transactional"));
                }
                c.getMethods().stream().filter(m -> m.isAnnotatedWith(Transactional.class)).forEach(m ->
                    events.add(SimpleConditionEvent.violated(m, m.getFullName() + " declares a transaction")));
                c.getFields().stream().filter(f -> f.getRawType().getName().equals("jakarta.persistence.EntityManager"))
                    .forEach(f -> events.add(SimpleConditionEvent.violated(f, f.getFullName() + " is an EntityManager")));
            }
        });

    /** One query style per class: JPQL ({@code createQuery}, named queries) or native SQL, never both. */
    static final ArchRule ONE_QUERY_STYLE_PER_CLASS = classes()
        .should(new ArchCondition<JavaClass>("use JPQL or native SQL, not both") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Set<String> styles = new TreeSet<>();
                c.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().getName().equals("jakarta.persistence.EntityManager"))
                    .forEach(call -> {
                        String method = call.getName();
                        if (method.equals("createNativeQuery")) {
                            styles.add("native SQL");
                        } else if (method.equals("createQuery") || method.equals("createNamedQuery")) {
                            styles.add("JPQL");
                        }
                    });
                if (styles.size() > 1) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " mixes " + styles));
                }
            }
        });

    @Test
    void onlyRepositoriesUseTheDatabase() {
        SQL_ONLY_IN_REPOSITORIES.check(SERVICE);
    }

    @Test
    void resourcesTouchNoRepositoryNorS3() {
        RESOURCES_TOUCH_NO_REPOSITORY_NOR_S3.check(SERVICE);
    }

    @Test
    void repositoriesJoinTheServicesTransaction() {
        REPOSITORIES_BEGIN_NO_TRANSACTION.check(SERVICE);
    }

    @Test
    void readersReadOutsideTransactions() {
        READERS_USE_NO_TRANSACTION.check(SERVICE);
    }

    @Test
    void eachRepositoryUsesOneQueryStyle() {
        ONE_QUERY_STYLE_PER_CLASS.check(SERVICE);
    }

    /** The data-access rules are not vacuous: the fixture's repository breaks each of them. */
    @Test
    void theDataAccessRulesFailOnAViolation() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.artifactservice.archfixture");
        assertThrows(AssertionError.class, () -> REPOSITORIES_BEGIN_NO_TRANSACTION.check(fixture));
        assertThrows(AssertionError.class, () -> ONE_QUERY_STYLE_PER_CLASS.check(fixture));
        assertThrows(AssertionError.class, () -> READERS_USE_NO_TRANSACTION.check(fixture));
    }

    /** The cycle rule is not vacuous: two fixture packages that use each other fail it. */
    @Test
    void theCycleRuleFailsOnACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.artifactservice.archfixture");
        assertThrows(AssertionError.class, () -> slices().matching("dev.artifactservice.archfixture.(*)..")
            .should().beFreeOfCycles().check(fixture));
    }
}
