package dev.artifactservice.web.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artifactservice.artifact.ArtifactType;
import dev.artifactservice.web.page.PageConfigServlet.Answer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the page learns from /page/config and when /page/demo-token hands out local mode's demo token. */
class PageConfigServletTest {

    @TempDir
    Path dir;

    @Test
    void configSaysWhetherThisIsLocalMode() {
        assertTrue(PageConfigServlet.config(new PageSettings(true, Optional.empty())).body().getBoolean("local_mode"));
        assertFalse(PageConfigServlet.config(new PageSettings(false, Optional.empty())).body().getBoolean("local_mode"));
    }

    @Test
    void configListsEveryArtifactTypeWithItsLabelAndFolderReadmeFirst() {
        JsonArray types = PageConfigServlet.config(new PageSettings(false, Optional.empty())).body()
            .getJsonArray("artifact_types");
        assertEquals(List.of("readme", "cloudformation", "terraform", "lambda", "diagram", "pricing"),
            types.stream().map(t -> t.asJsonObject().getString("id")).toList());
        assertEquals(ArtifactType.values().length, types.size());
        for (JsonValue value : types) {
            JsonObject entry = value.asJsonObject();
            ArtifactType type = ArtifactType.ofId(entry.getString("id"));
            assertEquals(type.label(), entry.getString("label"));
            if (type.folder() == null) {
                assertTrue(entry.isNull("folder"), entry.toString());
            } else {
                assertEquals(type.folder(), entry.getString("folder"));
            }
        }
        JsonObject diagram = types.getJsonObject(4);
        assertEquals("Diagrams", diagram.getString("label"));
        assertEquals("diagrams", diagram.getString("folder"));
    }

    @Test
    void demoTokenOutsideLocalModeIs404EvenWithATokenFile() throws IOException {
        Path file = Files.writeString(dir.resolve("demo-token.jwt"), "a.b.c");
        Answer answer = PageConfigServlet.demoToken(new PageSettings(false, Optional.of(file)), "127.0.0.1");
        assertEquals(404, answer.status());
        assertEquals("application/problem+json", answer.mediaType());
        assertFalse(answer.body().containsKey("token"));
    }

    @Test
    void demoTokenInLocalModeGoesToLoopbackCallersOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("demo-token.jwt"), "a.b.c\n");
        PageSettings local = new PageSettings(true, Optional.of(file));
        assertEquals("a.b.c", PageConfigServlet.demoToken(local, "127.0.0.1").body().getString("token"));
        assertEquals("a.b.c", PageConfigServlet.demoToken(local, "0:0:0:0:0:0:0:1").body().getString("token"));
        Answer remote = PageConfigServlet.demoToken(local, "192.0.2.10");
        assertEquals(403, remote.status());
        assertFalse(remote.body().containsKey("token"));
    }

    @Test
    void demoTokenNotYetWrittenIs503WithAnExplanation() {
        Answer answer = PageConfigServlet.demoToken(new PageSettings(true, Optional.of(dir.resolve("missing.jwt"))),
            "127.0.0.1");
        assertEquals(503, answer.status());
        assertTrue(answer.body().getString("detail").contains("not minted"));
        assertEquals(503, PageConfigServlet.demoToken(new PageSettings(true, Optional.empty()), "127.0.0.1").status());
    }

    @Test
    void onlyLiteralLoopbackAddressesCount() {
        assertTrue(PageConfigServlet.isLoopback("127.0.0.1"));
        assertTrue(PageConfigServlet.isLoopback("127.1.2.3"));
        assertTrue(PageConfigServlet.isLoopback("::1"));
        assertFalse(PageConfigServlet.isLoopback("10.0.0.1"));
        assertFalse(PageConfigServlet.isLoopback("localhost")); // a name is never looked up
        assertFalse(PageConfigServlet.isLoopback(""));
        assertFalse(PageConfigServlet.isLoopback(null));
    }
}
