package dev.netpolauditor.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version stamped on every analysis. A stored analysis is shared only with snapshots of
 * the same engine version, so a development build (a -SNAPSHOT version) adds its build time:
 * a rebuilt engine never reuses what an older build computed.
 */
public final class EngineVersion {
    private EngineVersion() {}

    public static String current() {
        Properties p = new Properties();
        try (InputStream in = EngineVersion.class.getResourceAsStream("/netpol-auditor-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "dev"
        }
        String version = p.getProperty("version", "dev");
        if (version.startsWith("${")) {
            return "dev";
        }
        return version.endsWith("-SNAPSHOT") ? version + "+" + p.getProperty("built", "unknown") : version;
    }
}
