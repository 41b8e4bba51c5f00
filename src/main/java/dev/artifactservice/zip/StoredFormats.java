package dev.artifactservice.zip;

import java.util.List;
import java.util.Locale;

/**
 * The one list of formats whose bytes are already compressed, so that a bundle stores them as they are instead of
 * deflating them again: each known by its file name extension, most also by their media type. The bundle's entries
 * ({@code BundleWriter}), its ETag ({@code BundleService}) and the upload's measuring of deflated sizes
 * ({@code ArtifactChanges}) all decide by {@link #isStored}; the API description quotes {@link #SUMMARY}.
 *
 * <p>Changing the list changes the bytes and ETags of the bundles that hold such files.
 */
public final class StoredFormats {

    /**
     * One stored format.
     *
     * @param extension the file name extension, lower case, without the dot
     * @param mediaType the media type that marks a file of this format whatever its name, or null when only the
     *                  extension does
     */
    public record Format(String extension, String mediaType) {
    }

    /**
     * Every stored format. webp, xlsx, jar and whl are known by their extension only: a file of such a media type
     * with another name has always been deflated, and recognising it now would change existing bundles.
     */
    public static final List<Format> FORMATS = List.of(
        new Format("png", "image/png"),
        new Format("jpg", "image/jpeg"),
        new Format("jpeg", "image/jpeg"),
        new Format("gif", "image/gif"),
        new Format("webp", null),
        new Format("pdf", "application/pdf"),
        new Format("zip", "application/zip"),
        new Format("gz", "application/gzip"),
        new Format("tgz", "application/gzip"),
        new Format("xlsx", null),
        new Format("jar", null),
        new Format("whl", null));

    /**
     * {@link #FORMATS} in words, for the API description (which takes only constants; a unit test keeps the two
     * equal).
     */
    public static final String SUMMARY = "png, jpg, jpeg, gif, webp, pdf, zip, gz, tgz, xlsx, jar and whl files "
        + "(by name), and image/png, image/jpeg, image/gif, application/pdf, application/zip and application/gzip "
        + "(by media type)";

    private StoredFormats() {
    }

    /**
     * Whether a bundle stores a file rather than deflating it: its name ends with a listed extension (any case), or
     * its media type starts with a listed media type (as given, so parameters such as {@code ; charset} do not
     * matter).
     *
     * @param mediaType the artifact's media type, or null
     * @param fileName  the artifact's file name (the last segment of its path)
     */
    public static boolean isStored(String mediaType, String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (Format format : FORMATS) {
            if (lower.endsWith("." + format.extension())) {
                return true;
            }
        }
        if (mediaType != null) {
            for (Format format : FORMATS) {
                if (format.mediaType() != null && mediaType.startsWith(format.mediaType())) {
                    return true;
                }
            }
        }
        return false;
    }
}
