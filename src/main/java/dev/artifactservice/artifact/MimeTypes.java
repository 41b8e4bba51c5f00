package dev.artifactservice.artifact;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/**
 * Media types of artifact files by extension: a table of the formats an infrastructure generator writes
 * (the design note's list and the IANA registrations), falling back to the JDK's
 * {@code content-types.properties} table and then {@code application/octet-stream}.
 */
public final class MimeTypes {

    /** Longest media type stored, in characters (the column's size). */
    public static final int MAX_LENGTH = 255;

    /** The media type of bytes of unknown kind. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
        Map.entry("yaml", "application/yaml"),
        Map.entry("yml", "application/yaml"),
        Map.entry("json", "application/json"),
        Map.entry("template", "application/json"),
        Map.entry("tf", "text/plain"),
        Map.entry("tfvars", "text/plain"),
        Map.entry("hcl", "text/plain"),
        Map.entry("py", "text/x-python"),
        Map.entry("js", "text/javascript"),
        Map.entry("mjs", "text/javascript"),
        Map.entry("ts", "text/plain"),
        Map.entry("java", "text/x-java-source"),
        Map.entry("go", "text/plain"),
        Map.entry("sh", "text/x-shellscript"),
        Map.entry("txt", "text/plain"),
        Map.entry("cfg", "text/plain"),
        Map.entry("toml", "application/toml"),
        Map.entry("md", "text/markdown"),
        Map.entry("csv", "text/csv"),
        Map.entry("html", "text/html"),
        Map.entry("xml", "application/xml"),
        Map.entry("png", "image/png"),
        Map.entry("jpg", "image/jpeg"),
        Map.entry("jpeg", "image/jpeg"),
        Map.entry("gif", "image/gif"),
        Map.entry("webp", "image/webp"),
        Map.entry("svg", "image/svg+xml"),
        Map.entry("pdf", "application/pdf"),
        Map.entry("zip", "application/zip"),
        Map.entry("gz", "application/gzip"),
        Map.entry("tgz", "application/gzip"),
        Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    private MimeTypes() {
    }

    /** The media type for a file name, e.g. {@code main.tf} gives {@code text/plain}; never null. */
    public static String forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot >= 0 && dot < fileName.length() - 1) {
            String known = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        if (fileName.equalsIgnoreCase("Dockerfile") || fileName.equalsIgnoreCase("Makefile")) {
            return "text/plain";
        }
        String jdk = URLConnection.getFileNameMap().getContentTypeFor(fileName);
        return jdk != null ? jdk : OCTET_STREAM;
    }

    /**
     * The media type to store for an upload: the client's {@code Content-Type} unless it says nothing about the
     * file, else the type derived from the file name. Saying nothing: absent, {@code application/octet-stream},
     * and the HTML form types {@code application/x-www-form-urlencoded} and {@code multipart/form-data}, which
     * describe a form submission, not raw bytes (curl's {@code --data-binary} sends the former by default).
     */
    public static String resolve(String declared, String fileName) {
        if (declared == null || declared.isBlank()) {
            return forFileName(fileName);
        }
        String essence = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return essence.isEmpty() || essence.equals(OCTET_STREAM) || essence.equals("application/x-www-form-urlencoded")
            || essence.equals("multipart/form-data") ? forFileName(fileName) : declared.trim();
    }
}
