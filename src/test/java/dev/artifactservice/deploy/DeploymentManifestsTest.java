package dev.artifactservice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code deploy/kubernetes} parsed with fabric8's Kubernetes model (the Open Liberty Operator's
 * resource as a generic one) and held to the project: probes on Liberty's health endpoints and the HTTP port,
 * every setting of the README's configuration table in the ConfigMap or the Secret (the required ones with a
 * value) and no name that the table lacks, the image's user from the Dockerfile, a non-root, read-only root
 * filesystem with writable Liberty folders, two replicas or more, and a PodDisruptionBudget and Service that
 * select the pods of either Deployment.
 */
class DeploymentManifestsTest {

    private static final Path MANIFESTS = Path.of("deploy/kubernetes");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final List<String> WRITABLE = List.of("/logs", "/opt/ol/wlp/output", "/tmp");

    private static Map<Path, HasMetadata> resources;
    private static Set<String> tableNames;
    private static Set<String> requiredNames;

    @BeforeAll
    static void read() throws IOException {
        resources = new HashMap<>();
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object parsed = YAML.unmarshal(in);
                    assertInstanceOf(HasMetadata.class, parsed, file + " is not one Kubernetes resource");
                    resources.put(MANIFESTS.relativize(file), (HasMetadata) parsed);
                }
            }
        }
        readConfigurationTable();
    }

    /**
     * The environment variables of the README's configuration table (second column, in backquotes; {@code …_X}
     * abbreviates the name before it up to its last underscore) and those whose default says required.
     */
    private static void readConfigurationTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Configuration");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        tableNames = new LinkedHashSet<>();
        requiredNames = new TreeSet<>();
        Pattern quoted = Pattern.compile("`([^`]+)`");
        for (String row : section.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| setting")
            && !l.startsWith("| ---")).toList()) {
            String[] cells = row.split("\\|");
            String previous = null;
            Matcher names = quoted.matcher(cells[2]);
            while (names.find()) {
                String name = names.group(1);
                if (name.startsWith("…_") && previous != null) {
                    name = previous.substring(0, previous.lastIndexOf('_')) + name.substring(1);
                }
                tableNames.add(name);
                previous = name;
                if (cells[3].contains("(required)")) {
                    requiredNames.add(name);
                }
            }
        }
        assertTrue(tableNames.contains("ARTIFACTS_DB_URL") && tableNames.size() > 40, tableNames.toString());
        assertFalse(requiredNames.isEmpty());
    }

    private static <T extends HasMetadata> T resource(String file, Class<T> type) {
        HasMetadata resource = resources.get(Path.of(file));
        assertNotNull(resource, "deploy/kubernetes/" + file + " is missing");
        return assertInstanceOf(type, resource, file);
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(resource("common/configmap.yaml", ConfigMap.class).getData());
        Secret secret = resource("common/secret.yaml", Secret.class);
        settings.putAll(secret.getStringData());
        return settings;
    }

    private static GenericKubernetesResource openLibertyApplication() {
        GenericKubernetesResource application = resource("operator/openlibertyapplication.yaml",
            GenericKubernetesResource.class);
        assertEquals("apps.openliberty.io/v1", application.getApiVersion());
        assertEquals("OpenLibertyApplication", application.getKind());
        return application;
    }

    private static Container container() {
        List<Container> containers = resource("plain/deployment.yaml", Deployment.class).getSpec().getTemplate()
            .getSpec().getContainers();
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T specField(String name, Class<T> type) {
        Object value = openLibertyApplication().getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
            ? ((Map<String, Object>) spec).get(name) : null;
        assertNotNull(value, "OpenLibertyApplication spec." + name);
        return YAML.convertValue(value, type);
    }

    /** The uid of the Dockerfile's last USER instruction. */
    private static long dockerfileUser() throws IOException {
        List<String> users = Files.readAllLines(Path.of("Dockerfile")).stream()
            .filter(l -> l.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), "Dockerfile has no USER");
        return Long.parseLong(users.get(users.size() - 1).substring(5).strip().split(":")[0]);
    }

    @Test
    void everyManifestIsOneKnownResource() {
        assertEquals(Set.of(Path.of("common/configmap.yaml"), Path.of("common/secret.yaml"),
            Path.of("common/poddisruptionbudget.yaml"), Path.of("operator/openlibertyapplication.yaml"),
            Path.of("plain/deployment.yaml"), Path.of("plain/service.yaml")), resources.keySet());
        resource("common/poddisruptionbudget.yaml", PodDisruptionBudget.class);
        resource("plain/service.yaml", Service.class);
        openLibertyApplication();
    }

    @Test
    void everySettingOfTheReadmeTableIsConfiguredAndNothingElse() {
        Map<String, String> settings = settings();
        List<String> unknown = settings.keySet().stream().filter(n -> !tableNames.contains(n)).sorted().toList();
        assertEquals(List.of(), unknown, "names the README's configuration table lacks");
        List<String> missing = tableNames.stream().filter(n -> !settings.containsKey(n)).toList();
        assertEquals(List.of(), missing, "settings of the README's table in neither the ConfigMap nor the Secret");
        for (String required : requiredNames) {
            assertFalse(settings.get(required).isBlank(), required + " is required");
        }
        List<String> explicit = new ArrayList<>();
        if (container().getEnv() != null) {
            container().getEnv().forEach(e -> explicit.add(e.getName()));
        }
        assertTrue(tableNames.containsAll(explicit), explicit.toString());
    }

    @Test
    void bothDeploymentsLoadTheConfigMapAndTheSecret() {
        Set<String> expected = Set.of("configmap:artifact-service-config", "secret:artifact-service-secrets");
        assertEquals(expected, sources(container().getEnvFrom()));
        assertEquals(expected, sources(List.of(specField("envFrom", EnvFromSource[].class))));
        assertEquals("artifact-service-config", resource("common/configmap.yaml", ConfigMap.class).getMetadata()
            .getName());
        assertEquals("artifact-service-secrets", resource("common/secret.yaml", Secret.class).getMetadata()
            .getName());
    }

    private static Set<String> sources(List<EnvFromSource> sources) {
        Set<String> names = new TreeSet<>();
        for (EnvFromSource source : sources) {
            if (source.getConfigMapRef() != null) {
                names.add("configmap:" + source.getConfigMapRef().getName());
            }
            if (source.getSecretRef() != null) {
                names.add("secret:" + source.getSecretRef().getName());
            }
        }
        return names;
    }

    @Test
    void probesAskLibertysHealthEndpointsOnTheHttpPort() {
        int port = Integer.parseInt(settings().get("HTTP_PORT"));
        Container container = container();
        assertEquals(port, container.getPorts().get(0).getContainerPort());
        assertProbe(container.getStartupProbe(), "/health/started", port);
        assertProbe(container.getLivenessProbe(), "/health/live", port);
        assertProbe(container.getReadinessProbe(), "/health/ready", port);
        @SuppressWarnings("unchecked")
        Map<String, Object> probes = specField("probes", Map.class);
        assertProbe(YAML.convertValue(probes.get("startup"), Probe.class), "/health/started", port);
        assertProbe(YAML.convertValue(probes.get("liveness"), Probe.class), "/health/live", port);
        assertProbe(YAML.convertValue(probes.get("readiness"), Probe.class), "/health/ready", port);
        @SuppressWarnings("unchecked")
        Map<String, Object> service = specField("service", Map.class);
        assertEquals(port, ((Number) service.get("port")).intValue());
    }

    private static void assertProbe(Probe probe, String path, int port) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(port, probe.getHttpGet().getPort().getIntVal(), path);
        // The readiness check answers within ARTIFACTS_HEALTH_TIMEOUT_MILLIS (2.5 s by default).
        assertTrue(probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() >= 3, path);
    }

    @Test
    void podsRunAsTheImagesUserNonRootOnAReadOnlyRootFilesystem() throws IOException {
        long uid = dockerfileUser();
        assertSecure(container().getSecurityContext(), uid);
        assertSecure(specField("securityContext", SecurityContext.class), uid);
        assertEquals(uid, resource("plain/deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec()
            .getSecurityContext().getRunAsUser());
        assertWritable(container().getVolumeMounts(),
            resource("plain/deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec().getVolumes());
        assertWritable(List.of(specField("volumeMounts", VolumeMount[].class)),
            List.of(specField("volumes", Volume[].class)));
    }

    private static void assertSecure(SecurityContext context, long uid) {
        assertNotNull(context);
        assertEquals(uid, context.getRunAsUser());
        assertEquals(Boolean.TRUE, context.getRunAsNonRoot());
        assertEquals(Boolean.TRUE, context.getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, context.getAllowPrivilegeEscalation());
    }

    /** Liberty's logs, output (workarea, expanded WAR, keystore) and the JVM's /tmp are emptyDir volumes. */
    private static void assertWritable(List<VolumeMount> mounts, List<Volume> volumes) {
        for (String path : WRITABLE) {
            VolumeMount mount = mounts.stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume at " + path));
            Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
            assertNotNull(volume.getEmptyDir(), path);
        }
    }

    @Test
    void twoReplicasOrMoreAndADisruptionBudgetAndServiceThatSelectThePods() {
        Deployment deployment = resource("plain/deployment.yaml", Deployment.class);
        assertTrue(deployment.getSpec().getReplicas() >= 2);
        assertTrue(specField("replicas", Integer.class) >= 2);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()));
        // The operator labels its pods app.kubernetes.io/instance=<the resource's name>.
        Map<String, String> operatorPodLabels = Map.of("app.kubernetes.io/instance",
            openLibertyApplication().getMetadata().getName());
        PodDisruptionBudget budget = resource("common/poddisruptionbudget.yaml", PodDisruptionBudget.class);
        Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
        assertFalse(selector.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "PDB does not select the Deployment's pods");
        assertTrue(operatorPodLabels.entrySet().containsAll(selector.entrySet()),
            "PDB does not select the operator's pods");
        assertTrue(budget.getSpec().getMaxUnavailable() != null || budget.getSpec().getMinAvailable() != null);
        Map<String, String> serviceSelector = resource("plain/service.yaml", Service.class).getSpec().getSelector();
        assertTrue(podLabels.entrySet().containsAll(serviceSelector.entrySet()));
    }
}
