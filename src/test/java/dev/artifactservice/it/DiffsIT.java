package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Diffs ({@code GET /api/artifacts/diff/...}) and session comparison ({@code GET /api/sessions/{id}/compare/...}):
 * a diff applied with {@code patch -p1} and with {@code git apply} to the older file gives the newer one byte for
 * byte (CRLF files and files without a final newline included); equal sides give an empty body; binary content,
 * text over {@code artifacts.diff.max-bytes} (1 MiB here, the default) are 422 with both sizes and SHA-256s;
 * another organization's session is 404; a comparison lists added, removed and changed paths in list order.
 */
class DiffsIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    private static final String OLD_MAIN = """
        terraform {
          required_version = ">= 1.5"
        }

        provider "aws" {
          region = "eu-west-1"
        }

        resource "aws_s3_bucket" "artifacts" {
          bucket = "artifacts-dev"
        }

        resource "aws_s3_bucket_versioning" "artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          versioning_configuration {
            status = "Suspended"
          }
        }

        output "bucket" {
          value = aws_s3_bucket.artifacts.bucket
        }
        """;

    private static final String NEW_MAIN = OLD_MAIN
        .replace("eu-west-1", "eu-central-1")
        .replace("\"Suspended\"", "\"Enabled\"")
        .replace("output \"bucket\" {", "output \"bucket_arn\" {\n  value = aws_s3_bucket.artifacts.arn\n}\n\n"
            + "output \"bucket\" {");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void upload(UUID session, String path, byte[] bytes) {
        HttpResponse<byte[]> response = put(uploadUrl(session, path), writer(ORG), bytes);
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200,
            path + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }

    private static String diffUrl(UUID session, String path) {
        return "/api/artifacts/diff/" + session + "/" + encodePath(path);
    }

    private static HttpResponse<byte[]> againstSession(UUID session, UUID other, String path) {
        return get(diffUrl(session, path) + "?against_session=" + other, writer(ORG));
    }

    /** A diff answer: 200, {@code text/x-diff; charset=UTF-8}; returns its body. */
    private static byte[] diffOf(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("text/x-diff;charset=utf-8", header(response, "Content-Type").toLowerCase(Locale.ROOT)
            .replace(" ", ""));
        return response.body();
    }

    /** Runs a command in {@code dir}; returns its exit code and output. */
    private static Map.Entry<Integer, String> run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
            return Map.entry(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Applies {@code diff} to a fresh folder that holds {@code older} at {@code path}, once with {@code patch -p1}
     * and once with {@code git apply} (in a repository of its own, so that git applies paths from that folder), and
     * asserts that each leaves exactly {@code newer} there and nothing else.
     */
    private static void assertAppliesTo(String path, byte[] older, byte[] newer, byte[] diff) throws IOException {
        for (String tool : List.of("patch", "git")) {
            Path dir = Files.createTempDirectory("it-diff-" + tool);
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, older);
            Path patchFile = Files.write(Files.createTempFile("it-diff", ".patch"), diff);
            Map.Entry<Integer, String> result;
            if (tool.equals("patch")) {
                result = run(dir, "patch", "-p1", "--batch", "--forward", "--no-backup-if-mismatch", "-i",
                    patchFile.toString());
            } else {
                assertEquals(0, run(dir, "git", "init", "-q").getKey());
                result = run(dir, "git", "apply", "--verbose", patchFile.toString());
            }
            assertEquals(0, result.getKey(), tool + " failed: " + result.getValue() + "\n"
                + new String(diff, StandardCharsets.UTF_8));
            assertArrayEquals(newer, Files.readAllBytes(file), tool + " did not reproduce the newer file:\n"
                + new String(diff, StandardCharsets.UTF_8));
            try (var files = Files.walk(dir)) {
                assertEquals(List.of(file), files.filter(Files::isRegularFile).filter(f -> !dir.relativize(f)
                    .startsWith(".git")).toList(), tool + " left other files");
            }
        }
    }

    @Test
    void againstSessionDiffOfATerraformFileRebuildsTheNewerOneWithPatchAndGitApply() throws IOException {
        UUID older = createSession(ORG, "diff older");
        UUID newer = createSession(ORG, "diff newer");
        String path = "terraform/modules/storage/main.tf";
        upload(older, path, utf8(OLD_MAIN));
        upload(newer, path, utf8(NEW_MAIN));

        byte[] diff = diffOf(againstSession(newer, older, path));
        String text = new String(diff, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("--- a/" + path + "\t(session " + older + ", version 1)\n+++ b/" + path
            + "\t(session " + newer + ", version 1)\n@@ -"), text);
        assertTrue(text.contains("\n-  region = \"eu-west-1\"\n+  region = \"eu-central-1\"\n"), text);
        assertEquals(2, text.lines().filter(line -> line.startsWith("@@ ")).count(), "two hunks: " + text);
        assertAppliesTo(path, utf8(OLD_MAIN), utf8(NEW_MAIN), diff);

        // The other direction rebuilds the older file from the newer one.
        assertAppliesTo(path, utf8(NEW_MAIN), utf8(OLD_MAIN), diffOf(againstSession(older, newer, path)));

        awaitCondition(Duration.ofSeconds(30), "the diff's audit event", () -> json(get("/api/audit?session_id="
            + newer, admin(ORG))).getJsonArray("events").stream().map(JsonValue::asJsonObject)
            .anyMatch(event -> event.getString("action").equals("diff") && path.equals(event.getString("path", null))
                && event.getJsonNumber("bytes").longValue() == diff.length));
    }

    @Test
    void filesWithoutAFinalNewlineAndCrlfFilesAreRebuiltByteForByte() throws IOException {
        UUID older = createSession(ORG, "line ends older");
        UUID newer = createSession(ORG, "line ends newer");
        String crlfOld = "Resources:\r\n  Bucket:\r\n    Type: AWS::S3::Bucket\r\n    Properties:\r\n"
            + "      BucketName: a\r\nOutputs:\r\n  Name:\r\n    Value: !Ref Bucket\r\n";
        Map<String, String[]> cases = Map.of(
            "terraform/no-newline-both.tf", new String[] {"a = 1\nb = 2\nc = 3", "a = 1\nb = 2\nc = 4"},
            "terraform/newline-added.tf", new String[] {"a = 1\nb = 2", "a = 1\nb = 2\n"},
            "terraform/newline-removed.tf", new String[] {"a = 1\nb = 2\n", "a = 1\nb = 3"},
            "cloudformation/crlf stack.yaml", new String[] {crlfOld, crlfOld.replace("BucketName: a", "BucketName: b")
                + "  Arn:\r\n    Value: !GetAtt Bucket.Arn\r\n"},
            "cloudformation/crlf-to-lf.yaml", new String[] {crlfOld, crlfOld.replace("\r\n", "\n")},
            "lambda/handler ü.py", new String[] {"", "def handler(event, context):\n    return 1"},
            "lambda/emptied.py", new String[] {"import os\n", ""});
        for (Map.Entry<String, String[]> file : cases.entrySet()) {
            upload(older, file.getKey(), utf8(file.getValue()[0]));
            upload(newer, file.getKey(), utf8(file.getValue()[1]));
        }
        for (Map.Entry<String, String[]> file : cases.entrySet()) {
            byte[] diff = diffOf(againstSession(newer, older, file.getKey()));
            assertAppliesTo(file.getKey(), utf8(file.getValue()[0]), utf8(file.getValue()[1]), diff);
        }
        String noNewline = new String(diffOf(againstSession(newer, older, "terraform/no-newline-both.tf")),
            StandardCharsets.UTF_8);
        assertTrue(noNewline.endsWith("-c = 3\n\\ No newline at end of file\n+c = 4\n\\ No newline at end of file\n"),
            noNewline);
    }

    @Test
    void versionsOfAPathDiffWithDefaultsAndPatchRebuildsEachVersion() throws IOException {
        UUID session = createSession(ORG, "diff versions");
        String path = "terraform/versions.tf";
        byte[] v1 = utf8(OLD_MAIN);
        byte[] v2 = utf8(NEW_MAIN);
        byte[] v3 = utf8(NEW_MAIN + "\nvariable \"tags\" {}\n");
        upload(session, path, v1);
        upload(session, path, v2);
        upload(session, path, v3);

        // Defaults: to = the current version (3), from = the one before it (2).
        byte[] latest = diffOf(get(diffUrl(session, path), token(ORG, "reader", READ)));
        String text = new String(latest, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("--- a/" + path + "\t(version 2)\n+++ b/" + path + "\t(version 3)\n@@ "), text);
        assertAppliesTo(path, v2, v3, latest);
        // Named versions, either direction; to alone takes the version before it as from.
        assertAppliesTo(path, v1, v3, diffOf(get(diffUrl(session, path) + "?from=1", writer(ORG))));
        assertAppliesTo(path, v3, v1, diffOf(get(diffUrl(session, path) + "?from=3&to=1", writer(ORG))));
        byte[] first = diffOf(get(diffUrl(session, path) + "?to=2", writer(ORG)));
        assertTrue(new String(first, StandardCharsets.UTF_8).startsWith("--- a/" + path + "\t(version 1)\n"));
        assertAppliesTo(path, v1, v2, first);
        assertEquals(0, diffOf(get(diffUrl(session, path) + "?from=2&to=2", writer(ORG))).length);
        assertProblemOf(get(diffUrl(session, path) + "?from=4", writer(ORG)), 404, "not-found");
    }

    @Test
    void equalSidesGiveAnEmptyDiff() {
        UUID first = createSession(ORG, "equal first");
        UUID second = createSession(ORG, "equal second");
        String path = "terraform/main.tf";
        upload(first, path, utf8(OLD_MAIN));
        upload(second, path, utf8(OLD_MAIN));
        assertEquals(0, diffOf(againstSession(second, first, path)).length);
        // One version: the current one compared with itself, by default or named.
        assertEquals(0, diffOf(get(diffUrl(first, path), writer(ORG))).length);
        assertEquals(0, diffOf(get(diffUrl(first, path) + "?from=1&to=1", token(ORG, "reader", READ))).length);
        // Equal binary content is equal too.
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        upload(first, "diagrams/same.png", png);
        upload(second, "diagrams/same.png", png);
        assertEquals(0, diffOf(againstSession(second, first, "diagrams/same.png")).length);
    }

    @Test
    void unknownVersionsAndMissingSidesAre404NamingWhich() {
        UUID session = createSession(ORG, "missing this");
        UUID other = createSession(ORG, "missing other");
        upload(session, "terraform/only-here.tf", utf8("a = 1\n"));
        upload(other, "terraform/only-there.tf", utf8("b = 1\n"));
        assertTrue(assertProblemOf(get(diffUrl(session, "terraform/only-here.tf") + "?from=2", writer(ORG)), 404,
            "not-found").getString("detail").toLowerCase(Locale.ROOT).contains("version 2"));
        assertTrue(assertProblemOf(get(diffUrl(session, "terraform/only-here.tf") + "?to=7", writer(ORG)), 404,
            "not-found").getString("detail").toLowerCase(Locale.ROOT).contains("version 7"));
        assertProblemOf(get(diffUrl(session, "terraform/none.tf"), writer(ORG)), 404, "not-found");

        String otherSide = assertProblemOf(againstSession(session, other, "terraform/only-here.tf"), 404, "not-found")
            .getString("detail");
        assertTrue(otherSide.contains(other.toString()) && otherSide.contains("against_session"), otherSide);
        String thisSide = assertProblemOf(againstSession(session, other, "terraform/only-there.tf"), 404, "not-found")
            .getString("detail");
        assertTrue(thisSide.contains(session.toString()) && !thisSide.contains("against_session"), thisSide);
        assertProblemOf(againstSession(session, UUID.randomUUID(), "terraform/only-here.tf"), 404, "not-found");
        assertProblemOf(get(diffUrl(session, "terraform/only-here.tf") + "?against_session=" + other + "&from=1",
            writer(ORG)), 400, "bad-request");
    }

    @Test
    void binaryContentIs422WithBothSizesAndHashes() {
        UUID older = createSession(ORG, "binary older");
        UUID newer = createSession(ORG, "binary newer");
        byte[] oldPng = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
        byte[] newPng = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 4, 5, 6, 7, 8};
        upload(older, "diagrams/architecture.png", oldPng);
        upload(newer, "diagrams/architecture.png", newPng);
        assertRefused(againstSession(newer, older, "diagrams/architecture.png"), "binary", oldPng, newPng);

        // A text type whose bytes are not UTF-8 is binary too.
        byte[] oldLatin1 = "name = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] newUtf8 = utf8("name = \"caf\u00e9\"\n");
        upload(older, "terraform/latin1.tf", oldLatin1);
        upload(newer, "terraform/latin1.tf", newUtf8);
        assertRefused(againstSession(newer, older, "terraform/latin1.tf"), "binary", oldLatin1, newUtf8);
    }

    @Test
    void textOverTheDiffLimitIs422() {
        UUID older = createSession(ORG, "large older");
        UUID newer = createSession(ORG, "large newer");
        // artifacts.diff.max-bytes is its default (1 MiB) on the test server.
        String line = "# " + "x".repeat(61) + "\n";
        byte[] large = utf8(line.repeat(1024 * 1024 / line.length() + 1));
        assertTrue(large.length > 1_048_576);
        byte[] small = utf8(line);
        upload(older, "terraform/large.tf", small);
        upload(newer, "terraform/large.tf", large);
        assertRefused(againstSession(newer, older, "terraform/large.tf"), "too_large", small, large);
        assertRefused(againstSession(older, newer, "terraform/large.tf"), "too_large", large, small);
    }

    private static void assertRefused(HttpResponse<byte[]> response, String reason, byte[] from, byte[] to) {
        JsonObject problem = assertProblemOf(response, 422, "unprocessable-content");
        assertEquals(reason, problem.getString("reason"), problem.toString());
        assertEquals(from.length, problem.getJsonNumber("from_size").longValue(), problem.toString());
        assertEquals(to.length, problem.getJsonNumber("to_size").longValue(), problem.toString());
        assertEquals(sha256(from), problem.getString("from_sha256"), problem.toString());
        assertEquals(sha256(to), problem.getString("to_sha256"), problem.toString());
    }

    @Test
    void anotherOrganizationsSessionIs404() {
        UUID otherOrg = UUID.randomUUID();
        UUID mine = createSession(ORG, "mine");
        UUID theirs = createSession(otherOrg, "theirs");
        String path = "terraform/main.tf";
        upload(mine, path, utf8(OLD_MAIN));
        assertEquals(201, put(uploadUrl(theirs, path), writer(otherOrg), utf8(NEW_MAIN)).statusCode());

        assertProblemOf(againstSession(mine, theirs, path), 404, "not-found");
        assertProblemOf(get(diffUrl(theirs, path) + "?against_session=" + mine, writer(ORG)), 404, "not-found");
        assertProblemOf(get(diffUrl(theirs, path), writer(ORG)), 404, "not-found");
        assertProblemOf(get("/api/sessions/" + mine + "/compare/" + theirs, writer(ORG)), 404, "not-found");
        assertProblemOf(get("/api/sessions/" + theirs + "/compare/" + mine, writer(ORG)), 404, "not-found");
        // Their own diff works for them.
        assertEquals(0, diffOf(get(diffUrl(theirs, path), writer(otherOrg))).length);
    }

    @Test
    void compareListsAddedRemovedAndChangedPathsInListOrder() {
        UUID from = createSession(ORG, "compare from");
        UUID to = createSession(ORG, "compare to");
        byte[] same = utf8("same\n");
        Map<String, byte[]> fromFiles = Map.of(
            "README.md", utf8("# Old\n"),
            "terraform/main.tf", same,
            "terraform/Zeta.tf", utf8("z = 1\n"),
            "terraform/é.tf", utf8("e = 1\n"),
            "cloudformation/removed.yaml", utf8("r: 1\n"),
            "pricing/same.csv", same);
        Map<String, byte[]> toFiles = Map.of(
            "README.md", utf8("# New\n"),
            "terraform/main.tf", same,
            "terraform/Zeta.tf", utf8("z = 2\nzz = 3\n"),
            "terraform/é.tf", utf8("e = 2\n"),
            "terraform/added.tf", utf8("a\n"),
            "diagrams/added.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'},
            "pricing/same.csv", same);
        fromFiles.forEach((path, bytes) -> upload(from, path, bytes));
        toFiles.forEach((path, bytes) -> upload(to, path, bytes));

        HttpResponse<byte[]> response = get("/api/sessions/" + from + "/compare/" + to, token(ORG, "reader", READ));
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        JsonObject comparison = json(response);
        assertEquals(List.of("diagrams/added.png", "terraform/added.tf"), strings(comparison, "added"));
        assertEquals(List.of("cloudformation/removed.yaml"), strings(comparison, "removed"));
        // Code-point order, as the list: README.md < terraform/Zeta.tf < terraform/é.tf.
        List<String> changed = List.of("README.md", "terraform/Zeta.tf", "terraform/é.tf");
        assertEquals(changed, comparison.getJsonArray("changed").stream()
            .map(value -> value.asJsonObject().getString("path")).toList());
        for (JsonValue value : comparison.getJsonArray("changed")) {
            JsonObject entry = value.asJsonObject();
            String path = entry.getString("path");
            assertEquals(Json.createObjectBuilder().add("path", path)
                .add("from_sha256", sha256(fromFiles.get(path))).add("to_sha256", sha256(toFiles.get(path)))
                .add("from_size", fromFiles.get(path).length).add("to_size", toFiles.get(path).length).build(), entry);
        }
        assertEquals(2, comparison.getInt("unchanged_count"));
        List<String> listOrder = json(get("/api/artifacts/list/" + to, writer(ORG))).getJsonArray("artifacts")
            .stream().map(value -> value.asJsonObject().getString("path")).filter(changed::contains).toList();
        assertEquals(changed, listOrder);

        // The other way round, added and removed swap.
        JsonObject reverse = json(get("/api/sessions/" + to + "/compare/" + from, writer(ORG)));
        assertEquals(List.of("cloudformation/removed.yaml"), strings(reverse, "added"));
        assertEquals(List.of("diagrams/added.png", "terraform/added.tf"), strings(reverse, "removed"));
        // A session compared with itself: all unchanged.
        JsonObject self = json(get("/api/sessions/" + to + "/compare/" + to, writer(ORG)));
        assertEquals(Arrays.asList(0, 0, 0, toFiles.size()), List.of(self.getJsonArray("added").size(),
            self.getJsonArray("removed").size(), self.getJsonArray("changed").size(), self.getInt("unchanged_count")));
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString).collect(Collectors.toList());
    }

    /** Many more changed lines than a diff computes: 422 too_many_changes, with sizes and hashes. */
    @Test
    void tooManyChangedLinesAre422() {
        UUID older = createSession(ORG, "rewrite older");
        UUID newer = createSession(ORG, "rewrite newer");
        byte[] before = utf8(IntStream.range(0, 5_001).mapToObj(i -> "a" + i + "\n").collect(Collectors.joining()));
        byte[] after = utf8(IntStream.range(0, 5_001).mapToObj(i -> "b" + i + "\n").collect(Collectors.joining()));
        upload(older, "terraform/rewritten.tf", before);
        upload(newer, "terraform/rewritten.tf", after);
        assertRefused(againstSession(newer, older, "terraform/rewritten.tf"), "too_many_changes", before, after);
    }
}
