package dev.artifactservice.bundle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Stock ZIP readers as users run them: Debian's Info-ZIP {@code unzip}/{@code zipinfo}, 7-Zip ({@code 7z}) and
 * libarchive ({@code bsdtar}), run as processes in a UTF-8 locale (.ci/run installs them). Used by the tests
 * that check bundle entry names in every script come out exactly as stored.
 */
public enum ZipReaders {

    /** Info-ZIP: {@code unzip -Z1} lists, {@code unzip -q} extracts. */
    UNZIP(List.of("unzip", "-Z1", "{zip}"), List.of("unzip", "-q", "{zip}", "-d", "{dir}")),
    /** 7-Zip: {@code 7z l -slt} lists ("Path = " lines after the archive's own), {@code 7z x} extracts. */
    SEVEN_ZIP(List.of("7z", "l", "-slt", "-ba", "{zip}"), List.of("7z", "x", "-y", "-bd", "-o{dir}", "{zip}")),
    /** libarchive: {@code bsdtar -tf} lists, {@code bsdtar -xf} extracts. */
    BSDTAR(List.of("bsdtar", "-tf", "{zip}"), List.of("bsdtar", "-xf", "{zip}", "-C", "{dir}"));

    private final List<String> list;
    private final List<String> extract;

    ZipReaders(List<String> list, List<String> extract) {
        this.list = list;
        this.extract = extract;
    }

    /** The entry names the tool lists for {@code zip}, in its order. */
    public List<String> list(Path zip) {
        String output = run(list, zip, null);
        List<String> names = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (this == SEVEN_ZIP) {
                if (line.startsWith("Path = ")) {
                    names.add(line.substring("Path = ".length()));
                }
            } else if (!line.isEmpty()) {
                names.add(line);
            }
        }
        return names;
    }

    /** Extracts {@code zip} into the empty directory {@code dir}; returns every file's path and bytes. */
    public Map<String, byte[]> extract(Path zip, Path dir) {
        run(extract, zip, dir);
        return readTree(dir);
    }

    /** Every regular file under {@code dir}, by its relative path with {@code /}, in code-point order. */
    public static Map<String, byte[]> readTree(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private String run(List<String> template, Path zip, Path dir) {
        List<String> command = template.stream().map(a -> a.replace("{zip}", zip.toString())
            .replace("{dir}", dir == null ? "" : dir.toString())).toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // A UTF-8 locale, as on any current desktop or server; the bundle's names must not depend on more.
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Assumptions.abort(command.get(0) + " is not installed (.ci/run installs it)");
            throw new AssertionError(e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
