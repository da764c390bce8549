package dev.netpolauditor.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium from the distribution's packages, driven through its chromedriver
 * (WebDriver). Where they are not installed, the tests that need them are skipped, saying so;
 * {@code CHROME_BIN} and {@code CHROMEDRIVER} name them elsewhere than /usr/bin.
 */
final class Chromium {
    static final Path BROWSER = Path.of(env("CHROME_BIN", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(env("CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {}

    /** Skips the calling test class unless Chromium and its driver are installed. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if ("true".equals(System.getenv("NETPOL_REQUIRE_BROWSER")) && !installed) {
            throw new AssertionError("NETPOL_REQUIRE_BROWSER is set (CI) but Chromium or chromedriver is missing at "
                    + BROWSER + ", " + DRIVER);
        }
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "browser tests skipped: Chromium and chromedriver not found at " + BROWSER + " and " + DRIVER
                        + " (install them with apt-get install chromium chromium-driver, as .ci/run does, or set"
                        + " CHROME_BIN and CHROMEDRIVER)");
    }

    /** A new browser with an empty profile of its own; no connection leaves this machine. */
    static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** A PNG of the whole page as it is now, into {@code target/console-screenshots} (and $NETPOL_SCREENSHOTS). */
    static void screenshot(ChromeDriver driver, String name) {
        try {
            Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280,
                    Math.min(2400, Math.max(900, height.intValue() + 40))));
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            Path dir = Path.of("target", "console-screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
            String extra = System.getenv("NETPOL_SCREENSHOTS");
            if (extra != null && !extra.isBlank()) {
                Files.createDirectories(Path.of(extra));
                Files.write(Path.of(extra, name + ".png"), png);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

}
