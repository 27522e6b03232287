// What nfatip-ppp-peer and nfatip-ppp-isp share: the line (a Unix stream socket), addresses, the clock.
#ifndef NFATIP_HOST_UTIL_H
#define NFATIP_HOST_UTIL_H

#include <stdint.h>

// The line's socket: listening (prints "listening PATH", then waits for the one peer) or connecting; -1 on failure.
int nfatip_host_line(const char *path, int listening);

// Dotted IPv4 text to an address with the first octet in the top byte; 0 when malformed.
int nfatip_host_parse_address(const char *text, uint32_t *out);

// A monotonic clock in milliseconds.
long nfatip_host_now_ms(void);

// lwIP started (once per process) and fd the next session's line (nfatip_ppp_host_api.c).
void nfatip_host_use_line(int fd);

#endif // NFATIP_HOST_UTIL_H
