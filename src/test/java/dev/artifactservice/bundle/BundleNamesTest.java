package dev.artifactservice.bundle;

import static dev.artifactservice.bundle.BundleFixtures.T0;
import static dev.artifactservice.bundle.BundleFixtures.file;
import static dev.artifactservice.bundle.BundleFixtures.random;
import static dev.artifactservice.bundle.BundleFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artifactservice.artifact.ArtifactSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Entry names in many scripts come out of a bundle exactly as stored, whichever stock reader a user has:
 * Info-ZIP {@code unzip} (which takes names of entries made on MS-DOS for code page 437), 7-Zip and bsdtar.
 */
public class BundleNamesTest {

    /** Names in several scripts (NFC, as artifact paths are stored), deflated and stored, nested and not. */
    public static final List<String> NAMES = List.of(
        "README.md",
        "cloudformation/\u0393\u03b5\u03b9\u03ac \u03c3\u03bf\u03c5/\u03c3\u03c4\u03bf\u03af\u03b2\u03b1.yaml",
        "diagrams/\u0430\u0440\u0445\u0438\u0442\u0435\u043a\u0442\u0443\u0440\u0430.png",
        "diagrams/\ud83d\ude80 launch \u2728.png",
        "lambda/caf\u00e9-na\u00efve-\u00c5ngstr\u00f6m-\u0142\u00f3d\u017a.py",
        "lambda/\u0645\u0631\u062d\u0628\u0627.py",
        "pricing/\u0939\u093f\u0928\u094d\u0926\u0940 \u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22.csv",
        "terraform/\u6e2c\u8a66.tf",
        "terraform/\ud55c\uad6d\uc5b4/\u65e5\u672c\u8a9e\u30c6\u30b9\u30c8.tf",
        "terraform/\u05e2\u05d1\u05e8\u05d9\u05ea \ud83d\udc4d\ud83c\udffd.tf");

    @TempDir
    Path tmp;

    private final InMemoryObjectStorage storage = new InMemoryObjectStorage();

    /** The names' bytes: text (deflated) or random (stored, for .png), different for every name. */
    private Map<String, byte[]> contents() {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            contents.put(name, name.endsWith(".png") ? random(3_000 + i, i) : text(("# " + name + "\n").repeat(20 + i)));
        }
        return contents;
    }

    private byte[] bundle(Map<String, byte[]> contents, boolean checksums) throws IOException {
        List<ArtifactSnapshot> files = new ArrayList<>();
        contents.forEach((name, bytes) -> {
            ArtifactSnapshot file = file(name, bytes, T0);
            storage.add(file.storageKey(), bytes);
            files.add(file);
        });
        return BundleFixtures.write(files, checksums, storage);
    }

    @Test
    void everyEntryIsARegularFileMadeOnUnixWithMode0644() throws IOException {
        byte[] zip = bundle(contents(), true);
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            List<ZipArchiveEntry> entries = Collections.list(file.getEntriesInPhysicalOrder());
            assertEquals(NAMES.size() + 1, entries.size());
            for (ZipArchiveEntry entry : entries) {
                assertEquals(ZipArchiveEntry.PLATFORM_UNIX, entry.getPlatform(), "version made by: Unix, " + entry.getName());
                assertEquals(0100644, entry.getUnixMode(), entry.getName());
                assertEquals(true, entry.getGeneralPurposeBit().usesUTF8ForNames(), entry.getName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ZipReaders.class)
    void everyReaderListsAndExtractsTheExactNamesAndBytes(ZipReaders reader) throws IOException {
        Map<String, byte[]> contents = contents();
        for (boolean checksums : new boolean[] {false, true}) {
            Path zip = tmp.resolve("bundle-" + checksums + ".zip");
            Files.write(zip, bundle(contents, checksums));
            List<String> expectedNames = new ArrayList<>(NAMES);
            if (checksums) {
                expectedNames.add(BundleWriter.CHECKSUMS_ENTRY);
            }
            List<String> listed = reader.list(zip);
            if (reader == ZipReaders.BSDTAR || reader == ZipReaders.UNZIP) {
                assertEquals(expectedNames, listed, reader + " lists the names in bundle order");
            } else {
                assertEquals(new TreeMap<>(toMap(expectedNames)).keySet(), new TreeMap<>(toMap(listed)).keySet(),
                    reader + " lists the names");
            }
            Path dir = Files.createDirectory(tmp.resolve(reader + "-" + checksums));
            Map<String, byte[]> extracted = reader.extract(zip, dir);
            assertEquals(new TreeMap<>(toMap(expectedNames)).keySet(), extracted.keySet(), reader + " creates the files");
            contents.forEach((name, bytes) -> assertArrayEquals(bytes, extracted.get(name), reader + " " + name));
            if (reader == ZipReaders.UNZIP) {
                // Info-ZIP applies the mode of entries made on Unix.
                assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve(NAMES.get(NAMES.size() - 1)))));
            }
        }
    }

    private static Map<String, Boolean> toMap(List<String> names) {
        Map<String, Boolean> map = new LinkedHashMap<>();
        names.forEach(n -> map.put(n, true));
        return map;
    }
}
