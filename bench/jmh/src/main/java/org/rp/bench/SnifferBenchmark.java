package org.rp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;
import org.rp.sniffers.h323.H323Sniffer;
import org.rp.sniffers.http.HttpSniffer;
import org.rp.sniffers.ldap.LdapSniffer;
import org.rp.sniffers.sip.SipSniffer;
import org.rp.sniffers.tls.TlsSniffer;

/**
 * One complete first message, from the shared corpus, through the sniffer of its protocol: the time and the bytes
 * allocated per message (run with {@code -prof gc}, column {@code gc.alloc.rate.norm}). The buffer is a read-only
 * view, as the listener passes it.
 * <p>
 * {@code java -Drp.conformance.dir=../shared/conformance -jar bench/jmh/target/benchmarks.jar -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SnifferBenchmark {

    /** Typical clients of each protocol: a browser and a phone's hello, a bind, a REGISTER, a Setup and an RRQ. */
    @Param({
            "http/lo_curl_get.bin",
            "tls/lo_curl_pbx.example.com.bin",
            "tls/chrome125_x25519kyber_2segments.bin",
            "ldap/lo_ldapsearch_admin.bin",
            "sip/lo_sipp_register_domain.bin",
            "sip/udp_wireshark_invite_brujula.bin",
            "h323/lo_ooh323c_setup_faststart_tunnel.bin",
            "h323/h46017_derived_facility_rrq_pbx.example.com.bin",
    })
    public String sample;

    private Sniffer sniffer;
    private ByteBuffer message;

    @Setup
    public void load() {
        Path corpus = Paths.get(System.getProperty("rp.conformance.dir", "../shared/conformance"), "corpus");
        try {
            message = ByteBuffer.wrap(Files.readAllBytes(corpus.resolve(sample))).asReadOnlyBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("set -Drp.conformance.dir to the shared corpus", e);
        }
        sniffer = snifferFor(sample.substring(0, sample.indexOf('/')));
        SniffResult answer = sniffer.sniff(message.duplicate());
        if (answer.kind() != SniffResult.Kind.MATCH) {
            throw new IllegalStateException(sample + " should match, got " + answer);
        }
    }

    private static Sniffer snifferFor(String protocol) {
        switch (protocol) {
            case "http":
                return new HttpSniffer();
            case "tls":
                return new TlsSniffer();
            case "ldap":
                return new LdapSniffer();
            case "sip":
                return new SipSniffer();
            case "h323":
                return new H323Sniffer();
            default:
                throw new IllegalArgumentException(protocol);
        }
    }

    @Benchmark
    public SniffResult sniff() {
        return sniffer.sniff(message.duplicate());
    }
}
