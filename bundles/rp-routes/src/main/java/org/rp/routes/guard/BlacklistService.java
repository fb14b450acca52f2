package org.rp.routes.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rp.api.RejectReason;
import org.rp.api.guard.Blacklist;
import org.rp.routes.ConfigurationProblems;
import org.rp.routes.config.BlacklistConfig;
import org.rp.routes.config.BlacklistSettings;
import org.rp.routes.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blacklist: static ranges from {@code etc/rp.blacklist.cfg}, operator blocks, and sources blocked for
 * {@code block.minutes} after more than {@code suspicious.per.minute} suspicious first messages in a minute
 * (unknown host, disallowed path, parse error, failed certificate check, sniff timeout, oversize). Exempt ranges
 * are never blocked automatically. Asked at every accept, so lookups are lock-free; the bookkeeping per source is
 * bounded.
 */
@Component(service = {Blacklist.class, BlacklistService.class}, configurationPid = BlacklistService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = BlacklistConfig.class)
public class BlacklistService implements Blacklist {
    static final String PID = "rp.blacklist";
    private static final Logger LOG = LoggerFactory.getLogger(BlacklistService.class);
    /** Sources with recent suspicious messages that are tracked at most; beyond, the oldest windows are dropped. */
    private static final int MAX_TRACKED_SOURCES = 100_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    /** The installer's link from a configuration to its file. */
    private static final String FILENAME = "felix.fileinstall.filename";

    /** Keeps the {@code static} ranges, so that a block until removed outlives a restart. */
    interface StaticRanges {
        void save(List<AddressRange> ranges);
    }

    private final Clock clock;
    private final StaticRanges staticRanges;
    private volatile BlacklistSettings settings = BlacklistSettings.DEFAULTS;
    /** Operator and automatic blocks, by range text. */
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();
    /** Times of each source's recent suspicious messages, oldest first, at most the threshold plus one. */
    private final Map<InetAddress, ArrayDeque<Instant>> recent = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configurationAdmin;

    /** Where a refused etc/rp.blacklist.cfg is reported; absent in unit tests. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationProblems problems;

    private record Block(AddressRange range, Instant until, String reason) {
        boolean expired(Instant now) {
            return until != null && !now.isBefore(until);
        }
    }

    public BlacklistService() {
        this.clock = Clock.systemUTC();
        this.staticRanges = this::saveInConfiguration;
    }

    BlacklistService(Clock clock, StaticRanges staticRanges) {
        this.clock = clock;
        this.staticRanges = staticRanges;
    }

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        try {
            settings = BlacklistSettings.parse(properties);
            LOG.info("Blacklist: more than {} suspicious per minute blocks for {} min; static {}; exempt {}",
                    settings.suspiciousPerMinute(), settings.blockMinutes(), settings.fixed(), settings.exempt());
            if (problems != null) {
                problems.applied(PID);
            }
        } catch (InvalidConfigurationException e) {
            // the previous settings stay in force
            LOG.error("{}", e.getMessage());
            if (problems != null) {
                problems.refused(PID, e.getMessage() + "; the previous blacklist settings stay in force");
            }
        }
    }

    @Override
    public boolean isBlocked(InetAddress address) {
        BlacklistSettings current = settings;
        for (AddressRange range : current.fixed()) {
            if (range.contains(address)) {
                return true;
            }
        }
        if (blocks.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        for (Block block : blocks.values()) {
            if (block.range().contains(address)) {
                if (!block.expired(now)) {
                    return true;
                }
                blocks.remove(block.range().text(), block);
            }
        }
        return false;
    }

    /** Counts a rejection against its source; more than the threshold in a minute blocks the source. */
    public void rejected(InetAddress source, RejectReason reason) {
        if (!reason.suspicious() || exempt(source)) {
            return;
        }
        BlacklistSettings current = settings;
        Instant now = clock.instant();
        if (recent.size() >= MAX_TRACKED_SOURCES) {
            recent.entrySet().removeIf(e -> isStale(e.getValue(), now));
        }
        ArrayDeque<Instant> times = recent.computeIfAbsent(source, s -> new ArrayDeque<>());
        int count;
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            while (times.size() > current.suspiciousPerMinute() + 1) {
                times.pollFirst();
            }
            count = times.size();
        }
        if (count > current.suspiciousPerMinute()) {
            recent.remove(source);
            Instant until = now.plus(Duration.ofMinutes(current.blockMinutes()));
            AddressRange range = AddressRange.of(source);
            blocks.put(range.text(), new Block(range, until, "more than " + current.suspiciousPerMinute()
                    + " suspicious in a minute, last " + reason.counterName()));
            LOG.warn("Blocked {} until {}: more than {} suspicious first messages in a minute (last: {})",
                    source.getHostAddress(), until, current.suspiciousPerMinute(), reason.counterName());
        }
    }

    private static boolean isStale(ArrayDeque<Instant> times, Instant now) {
        synchronized (times) {
            return times.isEmpty() || !times.peekLast().isAfter(now.minus(WINDOW));
        }
    }

    private boolean exempt(InetAddress source) {
        for (AddressRange range : settings.exempt()) {
            if (range.contains(source)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (AddressRange range : settings.fixed()) {
            entries.add(new Entry(range.text(), null, "static"));
        }
        Instant now = clock.instant();
        blocks.values().stream().filter(b -> !b.expired(now))
                .sorted((a, b) -> a.range().text().compareTo(b.range().text()))
                .forEach(b -> entries.add(new Entry(b.range().text(), b.until(), b.reason())));
        return entries;
    }

    /** A block until removed goes into {@code static} of etc/rp.blacklist.cfg; a block for a while stays in memory. */
    @Override
    public synchronized Entry block(String range, Instant until, String reason) {
        AddressRange parsed = AddressRange.parse(range);
        if (until == null) {
            BlacklistSettings current = settings;
            if (current.fixed().stream().noneMatch(fixed -> fixed.text().equals(parsed.text()))) {
                List<AddressRange> fixed = new ArrayList<>(current.fixed());
                fixed.add(parsed);
                staticRanges.save(fixed);
                // in force now, before ConfigAdmin hands the saved configuration back
                settings = current.withFixed(fixed);
            }
            blocks.remove(parsed.text());
            LOG.info("Blocked {} until removed ({}), kept in static of etc/rp.blacklist.cfg", parsed,
                    reason == null ? "manual" : reason);
            return new Entry(parsed.text(), null, "static");
        }
        Block block = new Block(parsed, until, reason == null ? "manual" : reason);
        blocks.put(parsed.text(), block);
        LOG.info("Blocked {} until {} ({})", parsed, until, block.reason());
        return new Entry(parsed.text(), until, block.reason());
    }

    @Override
    public synchronized boolean unblock(String range) {
        AddressRange parsed = AddressRange.parse(range);
        boolean removed = blocks.remove(parsed.text()) != null;
        BlacklistSettings current = settings;
        List<AddressRange> fixed = new ArrayList<>(current.fixed());
        if (fixed.removeIf(candidate -> candidate.text().equals(parsed.text()))) {
            staticRanges.save(fixed);
            settings = current.withFixed(fixed);
            removed = true;
        }
        if (removed) {
            LOG.info("Unblocked {}", parsed);
        }
        return removed;
    }

    /** Through ConfigAdmin, whose file installer writes etc/rp.blacklist.cfg (creating it if need be). */
    private void saveInConfiguration(List<AddressRange> ranges) {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            throw new IllegalStateException("ConfigAdmin is not running: the block cannot be kept; give --minutes");
        }
        try {
            Configuration configuration = admin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
                properties.put(FILENAME, Paths.get(System.getProperty("karaf.etc", "etc"), PID + ".cfg").toFile()
                        .getAbsoluteFile().toURI().toString());
            }
            properties.put("static", ranges.stream().map(AddressRange::text).collect(Collectors.joining(", ")));
            configuration.update(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save etc/" + PID + ".cfg: " + e.getMessage(), e);
        }
    }
}
