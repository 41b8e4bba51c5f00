package dev.artifactservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artifactservice.bundle.BundleNamesTest;
import dev.artifactservice.bundle.ZipReaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real bundle of artifacts named in many scripts, uploaded through the API, is listed and extracted with the
 * exact names and bytes by Debian's Info-ZIP {@code unzip}, 7-Zip and bsdtar.
 */
class BundleNamesIT extends ItBase {

    private static final UUID ORG = UUID.randomUUID();

    @TempDir
    Path tmp;

    @Test
    void stockReadersListAndExtractTheExactNamesOfARealBundle() throws Exception {
        UUID session = createSession(ORG, "names");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : BundleNamesTest.NAMES) {
            byte[] bytes = name.endsWith(".png") ? new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) name.length()}
                : ("# " + name + "\n").repeat(10).getBytes(StandardCharsets.UTF_8);
            files.put(name, bytes);
            assertEquals(201, put(uploadUrl(session, name), writer(ORG), bytes).statusCode(), name);
        }
        HttpResponse<byte[]> bundle = get("/api/artifacts/bundle/" + session + "?checksums=true", writer(ORG));
        assertEquals(200, bundle.statusCode());
        Path zip = tmp.resolve("bundle.zip");
        Files.write(zip, bundle.body());
        List<String> names = new ArrayList<>(files.keySet());
        names.add("SHA256SUMS");
        for (ZipReaders reader : ZipReaders.values()) {
            assertEquals(new TreeSet<>(names), new TreeSet<>(reader.list(zip)), reader + " lists the names");
            Map<String, byte[]> extracted = reader.extract(zip, Files.createDirectory(tmp.resolve(reader.name())));
            assertEquals(new TreeSet<>(names), extracted.keySet(), reader + " creates the files");
            files.forEach((name, bytes) -> assertArrayEquals(bytes, extracted.get(name), reader + " " + name));
        }
    }
}
