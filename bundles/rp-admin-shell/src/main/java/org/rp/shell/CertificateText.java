package org.rp.shell;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateUse;

/**
 * How the commands show certificates: a block each, the name on its own line, then one labelled line per fact
 * and a {@code WARN} line per thing to act on, so that operators and {@code grep} read it alike.
 */
final class CertificateText {
    /** Time enough to get an answer from a CA that is slow. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private CertificateText() {
    }

    /**
     * One of rp's own certificates, or a name that has only a signing request.
     *
     * @param use null when no bundle says where certificates are used
     */
    static void printCertificate(PrintStream out, CertificateInfo info, CertificateUse use, Instant now) {
        printIdentity(out, info);
        if (info.chainLength() == 0) {
            line(out, "request", "pending, no certificate yet; install the CA's answer: rp:cert-install "
                    + info.name() + " <file>");
        } else {
            line(out, "chain", info.chainLength() + (info.chainLength() == 1 ? " certificate" : " certificates"));
            line(out, "request", info.pendingCsr() ? "pending; this certificate serves until rp:cert-install "
                    + info.name() + " <file> installs the CA's answer" : "none");
        }
        if (use == null) {
            out.println("  listener use unknown (rp-routes not running)");
        } else {
            List<String> listeners = use.listenersUsing(info.name());
            line(out, "listeners", listeners.isEmpty() ? "none" : String.join(", ", listeners));
        }
        printExpiry(out, info, now);
        if (use != null) {
            use.uncoveredNames(info.name()).forEach(name -> out.println("  WARN does not cover " + name));
        }
    }

    /** A trust anchor: a CA certificate that upstream certificates may chain to. */
    static void printAnchor(PrintStream out, CertificateInfo info, Instant now) {
        printIdentity(out, info);
        printExpiry(out, info, now);
    }

    private static void printIdentity(PrintStream out, CertificateInfo info) {
        out.println(info.name());
        line(out, "subject", info.subject());
        line(out, "names", names(info));
        line(out, "key", info.keyType());
        if (info.chainLength() > 0) {
            line(out, "issuer", info.selfSigned() ? info.issuer() + " (self-signed)" : info.issuer());
            line(out, "valid", TIME.format(info.notBefore()) + " to " + TIME.format(info.notAfter()));
            line(out, "sha-256", info.sha256Fingerprint());
        }
    }

    private static void printExpiry(PrintStream out, CertificateInfo info, Instant now) {
        if (!info.expiresWithin(EXPIRY_WARNING, now)) {
            return;
        }
        if (info.expiresWithin(Duration.ZERO, now)) {
            out.println("  WARN expired on " + TIME.format(info.notAfter()));
        } else {
            out.println("  WARN expires in " + Duration.between(now, info.notAfter()).toDays() + " days, on "
                    + TIME.format(info.notAfter()));
        }
    }

    private static String names(CertificateInfo info) {
        List<String> names = new ArrayList<>();
        if (!info.dnsNames().isEmpty()) {
            names.add("DNS " + String.join(", ", info.dnsNames()));
        }
        if (!info.ipAddresses().isEmpty()) {
            names.add("IP " + String.join(", ", info.ipAddresses()));
        }
        return names.isEmpty() ? "none (the CN alone)" : String.join("; ", names);
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-10s %s%n", label, value);
    }
}
