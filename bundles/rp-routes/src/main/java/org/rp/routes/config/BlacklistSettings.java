package org.rp.routes.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rp.routes.guard.AddressRange;

/**
 * The blacklist's configuration ({@code etc/rp.blacklist.cfg}), validated; keys and defaults as in the configuration
 * contract.
 *
 * @param suspiciousPerMinute a source with more suspicious first messages than this in a minute is blocked
 * @param blockMinutes        how long an automatic block lasts
 * @param fixed               always refused ({@code static})
 * @param exempt              never blocked automatically
 */
public record BlacklistSettings(int suspiciousPerMinute, int blockMinutes, List<AddressRange> fixed,
                                List<AddressRange> exempt) {
    static final Set<String> KEYS = Set.of("suspicious.per.minute", "block.minutes", "static", "exempt");
    public static final BlacklistSettings DEFAULTS = new BlacklistSettings(20, 10, List.of(), List.of());

    public BlacklistSettings {
        fixed = List.copyOf(fixed);
        exempt = List.copyOf(exempt);
    }

    /** The same settings with other {@code static} ranges. */
    public BlacklistSettings withFixed(List<AddressRange> otherFixed) {
        return new BlacklistSettings(suspiciousPerMinute, blockMinutes, otherFixed, exempt);
    }

    /** @throws InvalidConfigurationException naming every key that is wrong */
    public static BlacklistSettings parse(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues("blacklist", properties, KEYS);
        BlacklistSettings settings = new BlacklistSettings(
                values.integer("suspicious.per.minute", DEFAULTS.suspiciousPerMinute(), 1, 100_000),
                values.integer("block.minutes", DEFAULTS.blockMinutes(), 1, 365 * 24 * 60),
                ranges(values, "static"), ranges(values, "exempt"));
        values.check();
        return settings;
    }

    private static List<AddressRange> ranges(ConfigValues values, String key) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String written : values.list(key)) {
            try {
                ranges.add(AddressRange.parse(written));
            } catch (IllegalArgumentException e) {
                values.problem(key + ": " + e.getMessage());
            }
        }
        return ranges;
    }
}
