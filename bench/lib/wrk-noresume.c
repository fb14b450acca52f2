/*
 * wrk-noresume.c - LD_PRELOAD shim that makes wrk do a FULL TLS handshake on
 * every connection (bench/tls.sh builds it and runs wrk with it).
 *
 * Why: wrk reuses its SSL object for the next connection: on close it calls
 * SSL_shutdown() + SSL_clear(), and SSL_clear() keeps a cleanly shut down
 * session, so the next ClientHello offers it (a TLS 1.3 PSK from the server's
 * ticket, or a TLS 1.2 session id/ticket). Every server here would accept:
 * rp (BoringSSL) resumes TLS 1.3 tickets and TLS 1.2 session ids and has no
 * setting against it, HAProxy and nginx do by default. A workload meant to
 * measure new TLS connections would then mostly measure resumptions.
 *
 * How: SSL_clear() is wrapped; after the real one, SSL_set_session(s, NULL)
 * drops the kept session, so the ClientHello offers none (tls.sh checks that
 * against an openssl s_server -tlsextdebug before measuring). Both symbols are
 * looked up with dlsym(RTLD_NEXT), so no OpenSSL headers or -lssl are needed:
 *   gcc -O2 -shared -fPIC -o wrk-noresume.so wrk-noresume.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

typedef struct ssl_st SSL;
typedef struct ssl_session_st SSL_SESSION;

int SSL_clear(SSL *s) {
    static int (*real_clear)(SSL *);
    static int (*set_session)(SSL *, SSL_SESSION *);
    if (real_clear == NULL) {
        real_clear = (int (*)(SSL *)) dlsym(RTLD_NEXT, "SSL_clear");
        set_session = (int (*)(SSL *, SSL_SESSION *)) dlsym(RTLD_NEXT, "SSL_set_session");
        if (real_clear == NULL || set_session == NULL) {
            return 0;                   /* SSL_clear's failure value: wrk reports an error */
        }
    }
    int r = real_clear(s);
    set_session(s, NULL);
    return r;
}
