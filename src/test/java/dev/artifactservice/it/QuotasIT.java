package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Storage quotas: an upload that would take the organization past its quota is refused with 507 before its
 * bytes are kept (known length up front, chunked bodies while streaming), a replacement counts its bytes and the
 * versions of the path it keeps, concurrent uploads never exceed the quota together, and {@code /api/usage}
 * reports the figures.
 * Quotas are set per organization through the database, as an operator would.
 */
class QuotasIT extends ItBase {

    private static void setQuota(UUID org, Long bytes) throws SQLException {
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE organizations SET quota_bytes = ? WHERE organization_id = ?")) {
            update.setObject(1, bytes);
            update.setObject(2, org);
            assertEquals(1, update.executeUpdate(), "organization row exists (a session was created)");
        }
    }

    private static long storedBytes(UUID org) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(
            "SELECT (SELECT COALESCE(SUM(file_size), 0) FROM artifacts WHERE organization_id = ?) "
                + "+ (SELECT COALESCE(SUM(file_size), 0) FROM artifact_versions WHERE organization_id = ?)")) {
            query.setObject(1, org);
            query.setObject(2, org);
            ResultSet rs = query.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static List<String> objects(UUID org) {
        return objectKeys(TEST_BUCKET, "organizations/" + org + "/");
    }

    /** A session in a fresh organization with the given quota in bytes. */
    private static UUID sessionWithQuota(UUID org, long quota) throws SQLException {
        UUID session = createSession(org, "quota " + quota);
        setQuota(org, quota);
        return session;
    }

    /**
     * PUT with Transfer-Encoding: chunked (no Content-Length), the answer read while the body is sent: a refusal
     * sent before the body's end (the server then closes) is still the answer checked.
     */
    private static RawResponse putChunked(UUID org, UUID session, String path, byte[] body) {
        return putChunked(uploadUrl(session, path), writer(org), new ByteArrayInputStream(body));
    }

    @Test
    void uploadOverTheQuotaWithAKnownLengthIs507AndStoresNothing() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = sessionWithQuota(org, 1000);
        assertEquals(201, put(uploadUrl(session, "lambda/a.bin"), writer(org), bytes(600, 1)).statusCode());
        long s3Before = s3Requests();
        JsonObject problem = assertProblemOf(put(uploadUrl(session, "lambda/b.bin"), writer(org), bytes(401, 2)), 507,
            "insufficient-storage");
        assertTrue(problem.getString("detail").contains("1000"), problem.toString());
        assertEquals(s3Before, s3Requests(), "refused before any byte went to S3");
        assertEquals(List.of("organizations/" + org + "/sessions/" + session + "/artifacts/lambda/a.bin"), objects(org));
        assertEquals(600, storedBytes(org));

        assertEquals(201, put(uploadUrl(session, "lambda/c.bin"), writer(org), bytes(400, 3)).statusCode(),
            "filling the quota exactly is allowed");
        assertProblemOf(put(uploadUrl(session, "lambda/d.bin"), writer(org), bytes(1, 4)), 507, "insufficient-storage");
        assertEquals(1000, storedBytes(org));
    }

    @Test
    void chunkedUploadOverTheQuotaIs507AndKeepsNothing() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = sessionWithQuota(org, 100_000);
        assertProblemOf(putChunked(org, session, "lambda/big.bin", bytes(150_000, 5)), 507, "insufficient-storage");
        assertTrue(objects(org).isEmpty(), objects(org).toString());
        assertEquals(0, storedBytes(org));

        RawResponse fits = putChunked(org, session, "lambda/small.bin", bytes(60_000, 6));
        assertEquals(201, fits.status(), fits.text());
        assertEquals(60_000, storedBytes(org));
    }

    @Test
    void chunkedUploadPastTheQuotaInItsSecondPartAbortsTheMultipartUpload() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = sessionWithQuota(org, 9L * 1024 * 1024);
        assertProblemOf(putChunked(org, session, "lambda/huge.bin", new byte[10 * 1024 * 1024]), 507,
            "insufficient-storage");
        assertTrue(objects(org).isEmpty(), "the first 8 MiB part was not kept: " + objects(org));
        assertEquals(0, storedBytes(org));
    }

    @Test
    void replacementCountsItsBytesAndTheVersionsItKeeps() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = sessionWithQuota(org, 1000);
        assertEquals(201, put(uploadUrl(session, "lambda/a.bin"), writer(org), bytes(400, 1)).statusCode());
        byte[] bigger = bytes(500, 2);
        assertEquals(200, put(uploadUrl(session, "lambda/a.bin"), writer(org), bigger).statusCode(),
            "500 replaces 400, which stays as version 1: 900 bytes, within the quota");
        assertProblemOf(put(uploadUrl(session, "lambda/b.bin"), writer(org), bytes(200, 3)), 507, "insufficient-storage");
        assertProblemOf(put(uploadUrl(session, "lambda/a.bin"), writer(org), bytes(101, 4)), 507,
            "insufficient-storage");
        assertArrayEquals(bigger, get(downloadUrl(session, "lambda/a.bin"), writer(org)).body(),
            "a refused replacement leaves the old bytes");
        assertEquals(2, objects(org).size(), "the current object and version 1, no staging copy: " + objects(org));
        assertEquals(200, put(uploadUrl(session, "lambda/a.bin"), writer(org), bytes(100, 5)).statusCode(),
            "100 more bytes beside versions of 500 and 400 fill the quota exactly");
        assertEquals(1000, storedBytes(org));
    }

    @Test
    void concurrentUploadsNearTheQuotaNeverExceedIt() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = sessionWithQuota(org, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<byte[]>>> uploads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] body = bytes(300_000, i);
            String path = "lambda/part" + i + ".bin";
            uploads.add(pool.submit(() -> put(uploadUrl(session, path), writer(org), body)));
        }
        int created = 0;
        for (Future<HttpResponse<byte[]>> upload : uploads) {
            HttpResponse<byte[]> response = upload.get();
            if (response.statusCode() == 201) {
                created++;
            } else {
                assertProblemOf(response, 507, "insufficient-storage");
            }
        }
        pool.shutdown();
        assertEquals(3, created, "three of 300,000 bytes fit in 1,000,000, a fourth never does");
        assertEquals(900_000, storedBytes(org));
        assertEquals(3, objects(org).size(), "the uploads that lost removed their objects: " + objects(org));
    }

    @Test
    void expiredArtifactsNoLongerCountTowardTheQuota() throws Exception {
        UUID org = UUID.randomUUID();
        UUID session = sessionWithQuota(org, 1000);
        assertEquals(201, put(uploadUrl(session, "lambda/old.bin"), writer(org), bytes(800, 1)).statusCode());
        assertProblemOf(put(uploadUrl(session, "lambda/new.bin"), writer(org), bytes(900, 2)), 507,
            "insufficient-storage");
        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE artifacts SET expires_at = now() - interval '1 minute' WHERE session_id = ?")) {
            update.setObject(1, session);
            update.executeUpdate();
        }
        assertEquals(201, put(uploadUrl(session, "lambda/new.bin"), writer(org), bytes(900, 2)).statusCode());
    }

    @Test
    void usageReportsBytesQuotaAndCountsOfTheCallersOrganization() throws Exception {
        UUID org = UUID.randomUUID();
        JsonObject empty = json(get("/api/usage", token(org, "reader", READ)));
        assertEquals(org.toString(), empty.getString("organization_id"));
        assertEquals(0, empty.getInt("bytes_used"));
        assertTrue(empty.isNull("quota_bytes"), "the IT server's default is unlimited: " + empty);
        assertEquals(0, empty.getInt("artifact_count"));
        assertEquals(0, empty.getInt("session_count"));

        UUID first = createSession(org, "one");
        UUID second = createSession(org, "two");
        assertEquals(201, put(uploadUrl(first, "README.md"), writer(org), bytes(100, 1)).statusCode());
        assertEquals(201, put(uploadUrl(first, "lambda/a.py"), writer(org), bytes(200, 2)).statusCode());
        assertEquals(201, put(uploadUrl(second, "lambda/b.py"), writer(org), bytes(300, 3)).statusCode());
        setQuota(org, 5000L);
        UUID other = UUID.randomUUID();
        createSession(other, "another tenant");

        JsonObject usage = json(get("/api/usage", token(org, "reader", READ)));
        assertEquals(600, usage.getInt("bytes_used"));
        assertEquals(5000, usage.getInt("quota_bytes"));
        assertEquals(3, usage.getInt("artifact_count"));
        assertEquals(2, usage.getInt("session_count"));

        try (Connection db = database(); PreparedStatement update = db.prepareStatement(
            "UPDATE artifacts SET expires_at = now() - interval '1 minute' WHERE session_id = ?")) {
            update.setObject(1, second);
            update.executeUpdate();
        }
        JsonObject afterExpiry = json(get("/api/usage", writer(org)));
        assertEquals(300, afterExpiry.getInt("bytes_used"), "expired artifacts no longer count");
        assertEquals(2, afterExpiry.getInt("artifact_count"));
        assertEquals(0, json(get("/api/usage", writer(other))).getInt("bytes_used"), "per organization");
        assertEquals(401, allowingInvalidRequest(() -> get("/api/usage", null)).statusCode());
    }
}
