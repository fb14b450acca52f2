package org.rp.routes.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

/**
 * An IPv4 or IPv6 address or CIDR range as operators write it ({@code 203.0.113.7}, {@code 198.51.100.0/24},
 * {@code 2001:db8::/32}), matched with Netty's subnet rule. Only literals: a name is refused, never looked up.
 */
public record AddressRange(String text, IpSubnetFilterRule rule) {

    /** @throws IllegalArgumentException saying what is wrong, with an example */
    public static AddressRange parse(String written) {
        String range = written.trim();
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + written + "' is not an IP address or CIDR range"
                    + " (e.g. 203.0.113.7, 198.51.100.0/24 or 2001:db8::/32)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(range.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + written + "': the prefix length must be 0 to " + bits);
            }
        }
        try {
            InetAddress parsed = InetAddress.getByAddress(bytes);
            return new AddressRange(parsed.getHostAddress() + "/" + prefix,
                    new IpSubnetFilterRule(parsed, prefix, IpFilterRuleType.REJECT));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + written + "': " + e.getMessage());
        }
    }

    /** The one address, as a /32 or /128 range. */
    public static AddressRange of(InetAddress address) {
        return parse(address.getHostAddress());
    }

    public boolean contains(InetAddress address) {
        return rule.matches(new InetSocketAddress(address, 0));
    }

    @Override
    public String toString() {
        return text;
    }
}
