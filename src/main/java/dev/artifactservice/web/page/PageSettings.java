package dev.artifactservice.web.page;

import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the web page needs to know about the server it runs on: whether this is local mode
 * ({@code artifacts.local.mode}, env {@code ARTIFACTS_LOCAL_MODE}, default {@code false}) and the file in which
 * local mode's launcher leaves its demo token ({@code artifacts.local.demo-token-file}, env
 * {@code ARTIFACTS_LOCAL_DEMO_TOKEN_FILE}, default none). Production sets neither.
 *
 * @param localMode     true only when the build's local profile started this server
 * @param demoTokenFile where the launcher writes the demo organization's token, if anywhere
 */
public record PageSettings(boolean localMode, Optional<Path> demoTokenFile) {

    /** Config key of the local-mode switch. */
    public static final String LOCAL_MODE = "artifacts.local.mode";

    /** Config key of the demo token file. */
    public static final String DEMO_TOKEN_FILE = "artifacts.local.demo-token-file";

    /** The settings from MicroProfile Config (environment variables included). */
    public static PageSettings fromConfig() {
        Config config = ConfigProvider.getConfig();
        return new PageSettings(
            config.getOptionalValue(LOCAL_MODE, Boolean.class).orElse(false),
            config.getOptionalValue(DEMO_TOKEN_FILE, String.class).filter(s -> !s.isBlank()).map(Path::of));
    }
}
