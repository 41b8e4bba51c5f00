package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artifactservice.client.ApiClient;
import dev.artifactservice.client.ApiException;
import dev.artifactservice.client.api.ArtifactsApi;
import dev.artifactservice.client.api.BundlesApi;
import dev.artifactservice.client.api.PreSignedUrlsApi;
import dev.artifactservice.client.api.SessionsApi;
import dev.artifactservice.client.api.SharesApi;
import dev.artifactservice.client.model.ArtifactListing;
import dev.artifactservice.client.model.ArtifactVersionView;
import dev.artifactservice.client.model.ArtifactView;
import dev.artifactservice.client.model.CreateSessionRequest;
import dev.artifactservice.client.model.PresignedLink;
import dev.artifactservice.client.model.SessionView;
import dev.artifactservice.client.model.Share;
import dev.artifactservice.client.model.VersionHistory;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client generated at build time by openapi-generator from the OpenAPI document SmallRye's Maven plugin wrote
 * from the code's annotations ({@code target/generated/openapi.json}) runs the main flow against the real service:
 * create a session with retention, upload, list, download, bundle, pre-signed link, share link, delete. The first test proves
 * that document is the one the running server serves at {@code /openapi}, so the generated client speaks for the
 * served document.
 */
class GeneratedClientIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Differences between two JSON trees, as JSON pointers with both values; empty when equal. */
    private static List<String> differences(String at, JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        if (expected.isObject() && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name) || !actual.has(name)) {
                    out.add(child + ": " + (expected.has(name) ? "only at build time" : "only served"));
                } else {
                    out.addAll(differences(child, expected.get(name), actual.get(name)));
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                out.addAll(differences(at + "/" + i, expected.get(i), actual.get(i)));
            }
        } else if (!expected.equals(actual)) {
            out.add(at + ": build time " + expected + ", served " + actual);
        }
        return out;
    }

    @Test
    void theServedDocumentIsTheOneTheClientWasGeneratedFrom() throws IOException {
        JsonNode built = JSON.readTree(Path.of(System.getProperty("it.openapi.document")).toFile());
        HttpResponse<byte[]> response = get("/openapi?format=JSON", null);
        assertEquals(200, response.statusCode());
        JsonNode served = JSON.readTree(response.body());
        assertTrue(served.path("paths").has("/api/artifacts/upload/{session_id}/{path}"), "served document has paths");
        // servers name the host and port the document was fetched from, which the build cannot know.
        ((ObjectNode) built).remove("servers");
        ((ObjectNode) served).remove("servers");
        List<String> differences = differences("", built, served);
        assertTrue(differences.isEmpty(), differences.size() + " differences:\n"
            + String.join("\n", differences.subList(0, Math.min(40, differences.size()))));
    }

    @Test
    void theGeneratedClientRunsTheMainFlow() throws Exception {
        ApiClient client = new ApiClient();
        client.setBasePath(base());
        client.setBearerToken(writer(ORG));
        SessionsApi sessions = new SessionsApi(client);
        ArtifactsApi artifacts = new ArtifactsApi(client);
        BundlesApi bundles = new BundlesApi(client);
        PreSignedUrlsApi presigned = new PreSignedUrlsApi(client);

        SessionView created = sessions.createSession(new CreateSessionRequest().title("Generated client")
            .retentionDays(3));
        UUID session = created.getSessionId();
        assertNotNull(session, created.toString());
        assertEquals(3, created.getRetentionDays(), created.toString());
        assertEquals(3, json(get("/api/sessions/" + session, writer(ORG))).getInt("retention_days"),
            "the retention the client sent reached the server");
        assertEquals("Generated client", sessions.getSession(session).getTitle());

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("terraform/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n".getBytes(StandardCharsets.UTF_8));
        files.put("terraform/modules/vpc/variables.tf", "variable \"cidr\" {}\n".getBytes(StandardCharsets.UTF_8));
        files.put("diagrams/architecture 1.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 13, 10});
        files.put("README.md", "# Generated client\n".getBytes(StandardCharsets.UTF_8));
        Path dir = Files.createTempDirectory("it-generated-client");
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            File body = Files.write(dir.resolve(UUID.randomUUID().toString()), file.getValue()).toFile();
            ArtifactView stored = artifacts.uploadArtifact(file.getKey(), session, null, null, null, null, null,
                null, null, body);
            assertEquals(file.getKey(), stored.getPath());
            assertEquals((long) file.getValue().length, stored.getSize());
            assertEquals(sha256(file.getValue()), stored.getSha256());
        }
        assertEquals("text/plain", artifactsByPath(artifacts, session).get("terraform/main.tf").getMimeType(),
            "a file's bytes were sent as application/octet-stream, so the type came from the name");

        ArtifactListing listing = artifacts.listArtifacts(session, null, null, null, null, null, null);
        assertEquals(files.keySet().stream().sorted().toList(),
            listing.getArtifacts().stream().map(ArtifactView::getPath).toList());
        assertEquals((long) files.size(), listing.getTotalCount());
        assertEquals(session, listing.getSessionId());

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            File downloaded = artifacts.downloadArtifact(file.getKey(), session, null, null, null, null, null);
            assertArrayEquals(file.getValue(), Files.readAllBytes(downloaded.toPath()), file.getKey());
        }

        File bundle = bundles.downloadBundle(session, null, null, null, null, null, null, null);
        Map<String, byte[]> entries = SampleSessionIT.unzip(Files.readAllBytes(bundle.toPath()));
        assertEquals(files.keySet().stream().sorted().toList(), entries.keySet().stream().sorted().toList());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertArrayEquals(file.getValue(), entries.get(file.getKey()), "bundle entry " + file.getKey());
        }

        PresignedLink link = presigned.presignArtifact("diagrams/architecture 1.png", session, 600, null);
        assertEquals(600, link.getExpiresIn());
        HttpResponse<byte[]> viaLink = get(link.getDownloadUrl(), null);
        assertEquals(200, viaLink.statusCode());
        assertArrayEquals(files.get("diagrams/architecture 1.png"), viaLink.body());

        SharesApi shares = new SharesApi(client);
        Share share = shares.createShare(new dev.artifactservice.client.model.CreateShareRequest().sessionId(session)
            .path("README.md").expiresIn(600L).maxDownloads(1L));
        assertEquals(0, share.getDownloads());
        String token = share.getUrl().getPath().substring(share.getUrl().getPath().lastIndexOf('/') + 1);
        assertTrue(shares.shareLandingPage(token).contains("README.md"));
        assertEquals(java.util.List.of(share.getShareId()), shares.listShares(session).getShares().stream()
            .map(Share::getShareId).toList());
        shares.revokeShare(share.getShareId());
        assertEquals(404, assertThrows(ApiException.class, () -> shares.shareLandingPage(token)).getCode());

        // Versions: a replacement keeps version 1, which the client lists, downloads and restores.
        byte[] replaced = files.get("terraform/main.tf");
        byte[] second = "resource \"aws_s3_bucket\" \"c\" {}\n".getBytes(StandardCharsets.UTF_8);
        File secondBody = Files.write(Files.createTempFile("it-generated-client", ".tf"), second).toFile();
        assertEquals(2, artifacts.uploadArtifact("terraform/main.tf", session, null, null, null, null, null, null, null,
            secondBody).getVersion());
        VersionHistory history = artifacts.listArtifactVersions("terraform/main.tf", session);
        assertEquals(List.of(2, 1), history.getVersions().stream().map(ArtifactVersionView::getVersion).toList());
        assertEquals(sha256(replaced), history.getVersions().get(1).getSha256());
        assertArrayEquals(replaced, Files.readAllBytes(artifacts.downloadArtifact("terraform/main.tf", session, null,
            null, 1, null, null).toPath()));
        ArtifactView restored = artifacts.restoreArtifactVersion("terraform/main.tf", session, 1);
        assertEquals(3, restored.getVersion());
        assertEquals(sha256(replaced), restored.getSha256());

        artifacts.deleteArtifact("terraform/modules/vpc/variables.tf", session, null, null, null);
        ApiException gone = assertThrows(ApiException.class, () -> artifacts.downloadArtifact(
            "terraform/modules/vpc/variables.tf", session, null, null, null, null, null));
        assertEquals(404, gone.getCode());
        assertTrue(gone.getResponseBody().contains("urn:artifact-service:problem:"), gone.getResponseBody());
        assertFalse(artifactsByPath(artifacts, session).containsKey("terraform/modules/vpc/variables.tf"));
        assertEquals(files.size() - 1, artifactsByPath(artifacts, session).size());
    }

    private static Map<String, ArtifactView> artifactsByPath(ArtifactsApi artifacts, UUID session)
        throws ApiException {
        Map<String, ArtifactView> byPath = new LinkedHashMap<>();
        for (Iterator<ArtifactView> it = artifacts.listArtifacts(session, null, null, null, null, null, null)
            .getArtifacts().iterator(); it.hasNext(); ) {
            ArtifactView artifact = it.next();
            byPath.put(artifact.getPath(), artifact);
        }
        return byPath;
    }
}
