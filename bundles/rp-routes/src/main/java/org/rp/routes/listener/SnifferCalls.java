package org.rp.routes.listener;

import java.nio.ByteBuffer;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into sniffers, which live in another bundle that may be replaced at any time: a sniffer that throws (a bug,
 * or a class its replaced bundle revision can no longer load) refuses that one message instead of killing the
 * connection's pipeline, and every answer can be traced to the bundle build that gave it.
 */
public final class SnifferCalls {
    private static final Logger LOG = LoggerFactory.getLogger(SnifferCalls.class);

    /** "symbolic-name/version" of the bundle a sniffer class comes from, looked up once per class. */
    private static final ClassValue<String> ORIGIN = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Bundle bundle = FrameworkUtil.getBundle(type);
            return bundle == null ? type.getName() : bundle.getSymbolicName() + "/" + bundle.getVersion();
        }
    };

    private SnifferCalls() {
    }

    /** @return the sniffer's answer, or a MALFORMED rejection if it threw */
    public static SniffResult ask(Sniffer sniffer, ByteBuffer received) {
        try {
            SniffResult answer = sniffer.sniff(received);
            if (answer != null) {
                return answer;
            }
            LOG.warn("{} answered null", origin(sniffer));
            return SniffResult.reject(RejectReason.MALFORMED, "sniffer gave no answer");
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} failed on a {}-byte first message", origin(sniffer), received.limit(), e);
            return SniffResult.reject(RejectReason.MALFORMED, "sniffer failed: " + e);
        }
    }

    /** The bundle build a sniffer comes from, e.g. {@code rp-sniffers/0.1.0.202611242157}. */
    public static String origin(Sniffer sniffer) {
        return ORIGIN.get(sniffer.getClass());
    }
}
