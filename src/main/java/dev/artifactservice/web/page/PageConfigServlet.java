package dev.artifactservice.web.page;

import dev.artifactservice.artifact.ArtifactType;
import dev.artifactservice.web.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The web page's two questions to the server, outside {@code /api} because the page asks them before it has a
 * token: {@code GET /page/config} ({@code {"local_mode": bool, "artifact_types": [{"id", "label", "folder"}]}}, the
 * types generated from {@link ArtifactType} so that the page keeps no copy of them) and, in local mode only,
 * {@code GET /page/demo-token} ({@code {"token": "<JWT>"}}) for the "use demo token" button.
 *
 * <p>The demo token is the one local mode's launcher mints for the demo organization (read + write, 24 h) and
 * prints at start-up; it is handed out only in local mode and only to callers on this machine (loopback), since
 * local mode's HTTP port listens on every interface. Errors are problem+json (RFC 9457).
 */
@WebServlet(urlPatterns = {"/page/config", "/page/demo-token"})
public class PageConfigServlet extends HttpServlet {

    /** A status and the JSON body to send with it. */
    record Answer(int status, String mediaType, JsonObject body) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageSettings settings = PageSettings.fromConfig();
        Answer answer = request.getServletPath().equals("/page/config")
            ? config(settings)
            : demoToken(settings, request.getRemoteAddr());
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        if (answer.status() == 503) {
            response.setHeader("Retry-After", "2");
        }
        Problem.writeJson(response, answer.mediaType(), answer.body(), true);
    }

    /** {@code {"local_mode": bool, "artifact_types": [...]}} (see {@link #artifactTypes()}). */
    static Answer config(PageSettings settings) {
        return new Answer(200, "application/json", Json.createObjectBuilder()
            .add("local_mode", settings.localMode())
            .add("artifact_types", artifactTypes())
            .build());
    }

    /**
     * Every artifact type as {@code {"id", "label", "folder"}} ({@code folder} null for the top-level README), in
     * the order the page shows their groups: top-level files first, then the folders in the contract's order.
     */
    static JsonArray artifactTypes() {
        JsonArrayBuilder types = Json.createArrayBuilder();
        Arrays.stream(ArtifactType.values())
            .sorted(Comparator.comparing(type -> type.folder() != null)) // stable: declaration order otherwise
            .forEach(type -> {
                JsonObjectBuilder entry = Json.createObjectBuilder().add("id", type.id()).add("label", type.label());
                if (type.folder() == null) {
                    entry.addNull("folder");
                } else {
                    entry.add("folder", type.folder());
                }
                types.add(entry);
            });
        return types.build();
    }

    /**
     * The demo token for a caller at {@code remoteAddress}: 404 outside local mode, 403 for a caller not on this
     * machine, 503 while the launcher has not written the token yet, else 200 {@code {"token": "..."}}.
     */
    static Answer demoToken(PageSettings settings, String remoteAddress) {
        if (!settings.localMode()) {
            return problem(404, "There is a demo token only in local mode.");
        }
        if (!isLoopback(remoteAddress)) {
            return problem(403, "The demo token is handed out only to browsers on the machine that runs local mode.");
        }
        String token = settings.demoTokenFile().map(PageConfigServlet::readToken).orElse("");
        if (token.isEmpty()) {
            return problem(503, "Local mode has not minted its demo token yet; it does once the service is up."
                + " Retry in a few seconds, or paste the token that local mode printed.");
        }
        return new Answer(200, "application/json", Json.createObjectBuilder().add("token", token).build());
    }

    private static String readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.%\\[\\]]+")) {
            return false; // only literal addresses, so that no name is ever looked up
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Answer problem(int status, String detail) {
        return new Answer(status, Problem.MEDIA_TYPE, Problem.ofStatus(status, detail).toJson());
    }
}
