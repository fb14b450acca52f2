package org.rp.api;

/** How the client reached rp: plain TCP or TLS terminated by rp. */
public enum Transport {
    TCP, TLS
}
